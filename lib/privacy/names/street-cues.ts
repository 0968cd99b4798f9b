/**
 * Names that are parts of a street address, not people: a name between house numbers ("79 291 Adelianos
 * Kambos Suite 477", "Hedemannstrasse 15 St."), and a given name that is half of a street corner
 * ("at Eloise and 226 Thomas Avenue"). Street names are very often people's names; the numbers and the
 * address words around say which.
 */

/** Whether the words around a name say it names a street: house numbers before it or after it, with address words. */
export function streetNameAround(before: string, after: string): boolean {
  if (UNIT_BEFORE.test(before)) return true;
  const numbered = NUMBER_BEFORE.exec(before);
  if (numbered && numbered[2]) return true;
  if (numbered && !/^(?:1[89]|20)\d\d$/.test(numbered[1]!)) return ADDRESS_GOES_ON.test(after) || NUMBER_THEN_UNIT.test(after);
  return NUMBER_THEN_UNIT.test(after);
}

/** "47 ", "79 291 ", "92 C/ ": a house number (and a second one, as many countries write building and street numbers). */
const NUMBER_BEFORE = /(?:^|[\s,:(>])(\d{1,5})[A-Za-z]?(?:[ \t]+(\d{1,5})[A-Za-z]?)?[ \t]+(?:[Cc]\/[ \t]*)?$/u;
/** "Suite 477 Larnaka", "Apt. 12 Quincy": after a unit's number comes the town. */
const UNIT_BEFORE = /\b(?:Suite|Apt\.?|Apartment|Unit|Box|Floor|Fl\.?)[ \t]+\d{1,5}[A-Za-z]?,?[ \t]+$/u;
/** After a street name the address goes on: a number, a comma and a town, a unit, a town in capitals. */
const ADDRESS_GOES_ON = /^(?:[ \t]+\d{1,5}[A-Za-z]?\b|[ \t]*,[ \t]*\p{Lu}|[ \t]+(?:Suite|Apt|Unit|Floor)\b|[ \t]+\p{Lu}{3,}\b)/u;
/** "Hedemannstrasse 15 St.", "Curas 88, Villafranca", "Fuglie 86 Azevedo Street Apt": a number, then address words. */
const NUMBER_THEN_UNIT =
  /^[ \t]+\d{1,5}[A-Za-z]?(?:[ \t]*,[ \t]*\p{Lu}|[ \t]+(?:Suite|Apt|Unit|Floor|St|Street|Rd|Road|Ave|Avenue)\b|[ \t]+\p{Lu}[\p{L}\p{M}]*[ \t]+(?:Street|St|Road|Rd|Avenue|Ave)\b)/u;

/**
 * Where a street corner written with a name ends: "return to Eloise and 226 Thomas Avenue", "meet me at
 * Spencer and Søndre Havnevej 65". After a place word ("at", "to", "address:"), a name, "and", then a
 * street with its house number is a corner, so the name is part of an address. Returns the end of the
 * house number or street, or -1.
 */
export function streetCornerEnd(text: string, before: string, runEnd: number): number {
  if (!CORNER_BEFORE.test(before)) return -1;
  const after = text.slice(runEnd, runEnd + 80);
  const corner = CORNER_NUMBER_FIRST.exec(after) ?? CORNER_NUMBER_LAST.exec(after);
  return corner ? runEnd + corner[0].length : -1;
}

const CORNER_BEFORE = /(?:\b(?:at|to|on|is|corner of)|:)\s*$/iu;
/** "and 226 Thomas Avenue": a house number, then a capitalized street name. */
const CORNER_NUMBER_FIRST = /^[ \t]+and[ \t]+\d{1,5}[a-z]?[ \t]+\p{Lu}[\p{L}\p{M}.'’-]*(?:[ \t]+\p{Lu}[\p{L}\p{M}.'’-]*){0,3}/u;
/** "and Søndre Havnevej 65", "and ul. Paderewskiego 12", "and P.O. Box 255": a street of up to five words, then its number. */
const CORNER_NUMBER_LAST = /^[ \t]+and[ \t]+(?=[\p{Lu}\p{Ll}])(?:[\p{L}\p{M}][\p{L}\p{M}.'’-]*[ \t]+){1,5}\d{1,5}[a-z]?\b/u;
