/**
 * Vietnamese addresses, written as the administrative hierarchy names them (Law on the Organization
 * of Local Government): house number and street, then ward or commune (phường, xã, thị trấn), district
 * (quận, huyện, thị xã, thành phố thuộc tỉnh) and province or city (tỉnh, thành phố; abbreviated P.,
 * Q., H., TP.): "45 Trần Hưng Đạo, phường Phạm Ngũ Lão, Quận 1, TP. Hồ Chí Minh", "số 12 ngõ 34
 * Nguyễn Trãi, phường Khương Mai", "xã Tân Phú, huyện Đồng Phú, tỉnh Bình Phước". A street alone
 * ("phố Huế") or one unit ("Quận 1 có nhiều quán") is not enough: a house number and street with a
 * unit after them, or two units in a row, are. Names after the last unit are left to the name finder.
 */
const WORD = String.raw`\p{Lu}[\p{L}\p{M}]*`;
/** A place's name: capitalized words, or a district's number ("Quận 1"). */
const NAME = String.raw`(?:${WORD}(?:[ \t]+${WORD}){0,4}|\d{1,2})`;
const UNIT_WORD = String.raw`(?:[Pp]hường|[Xx]ã|[Tt]hị[ \t]+[Tt]rấn|[Qq]uận|[Hh]uyện|[Tt]hị[ \t]+[Xx]ã|[Tt]hành[ \t]+[Pp]hố|[Tt]ỉnh|P\.|Q\.|H\.|TP\.?|Tp\.?)`;
const UNIT = String.raw`${UNIT_WORD}[ \t]*${NAME}`;
/** "45", "12A", "12/3", "số 7", with the street's own word when written ("đường", "phố", "ngõ 34"). */
const HOUSE = String.raw`(?:[Ss]ố(?:[ \t]+nhà)?[ \t]+)?\d{1,4}[A-Za-z]?(?:\/\d{1,4}[A-Za-z]?)*`;
const STREET = String.raw`(?:(?:[Đđ]ường|[Pp]hố|[Nn]gõ|[Nn]gách|[Hh]ẻm|[Kk]iệt)[ \t]+(?:\d{1,4}[ \t]+)?)?${NAME}`;
const SEP = String.raw`[ \t]*,[ \t]*`;

export const VIETNAMESE_ADDRESS = new RegExp(
  String.raw`(?<![\p{L}\p{M}\p{N}])(?:${HOUSE}[ \t]+${STREET}(?:${SEP}${NAME})?(?:${SEP}${UNIT})+|${UNIT}(?:${SEP}${UNIT})+)(?![\p{L}\p{M}\p{N}])`,
  'gu',
);
