/**
 * Words of postal addresses, per the way each country writes them (UPU postal address templates,
 * USPS Publication 28 suffixes, and the national street-type words of Europe, Latin America and
 * Vietnam). Lower case; a trailing "." is optional when matched.
 */

const words = (list: string): Set<string> => new Set(list.trim().split(/\s+/));

/** Street types written after the street's name: "Main Street", "Frankfurter Allee", "Nguyen Trai Road". */
export const TYPE_AFTER_NAME = words(
  'street st road rd avenue ave av boulevard blvd lane ln drive dr court ct way place pl square sq terrace ter ' +
    'terr crescent cres close highway hwy parkway pkwy circle cir trail trl row alley aly walk grove gardens gdns ' +
    'mews parade esplanade quay wharf rise loop expressway expy freeway fwy pike plaza plz path bypass causeway ' +
    'crossing xing heights hts junction jct landing lndg point pt ridge rdg run turnpike tpke view vw vista wynd ' +
    'broadway hill creek straße strasse str gasse weg platz allee ring damm ufer chaussee steig markt straat laan ' +
    'plein gracht kade dijk singel steeg vej gade gata gatan vägen veien vegen gate katu tie kuja polku utca u út ' +
    'útja tér körút sor ulica ulice cesta vei veg plass allé gränd torget torg väg tee tn tänav iela gatve prospekt ' +
    'enparantza kalea carrer rruga sokak sokağı caddesi bulvarı yolu ',
);

/** Street types written before the name: "Rue de la Paix", "Calle Mayor", "ul. Lubartowska", "Đường Lê Lợi". */
export const TYPE_BEFORE_NAME = new Set([
  ...words(
    'rue avenue av boulevard bd bld chemin allée impasse place quai route cours passage calle avenida avda paseo ' +
      'plaza pza carrera cra camino carretera ctra rua travessa tv largo praça estrada alameda via viale piazza ' +
      'p.za corso vicolo strada ul ulica aleja al os osiedle náměstí nám třída ulice cesta trg bulevar ulitsa ул ' +
      'улица проспект пр пр-т пер переулок вул вулиця οδός λεωφόρος đường phố ngõ ngách hẻm ',
  ),
  'đại lộ',
  'avenue of',
]);

/**
 * Street names written as one word with the type at the end: "Genterstrasse", "Koskikatu",
 * "Duizendmonnikenstraat", "Håndværkervej", "Kungsgatan", "Karl Johans gate".
 */
export const TYPE_SUFFIX =
  /(?:straße|strasse|str\.|gasse|weg|platz|allee|damm|ufer|ring|straat|laan|plein|gracht|kade|dijk|singel|vej|gade|gata|gatan|vägen|väg|veien|vegen|gate|katu|tie|kuja|utca|útja|körút|steig|markt|pfad|zeile|hof)$/iu;

/** Secondary units and post-office boxes: "Apt. 680", "Suite 242", "P.O. Box 101", "Flat 3B", "Postfach 12". */
export const SECONDARY_UNIT = String.raw`(?:apt|apartment|appt|suite|ste|unit|flat|room|rm|floor|fl|bldg|building|lot|space|spc|slip|pier|hangar|trlr|dept|p\.?\s?o\.?\s?box|post\s+office\s+box|box|postfach|apartado|caixa\s+postal|case\s+postale|bp|cp|c\.p\.|căn\s+hộ|phòng|tầng)`;

/** Words that start the place an address is: "lives at", "address is", "ship to"… (checked right before a candidate). */
export const ADDRESS_CUES = [
  'address',
  'addresses',
  'address is',
  'address:',
  'lives at',
  'live at',
  'living at',
  'lived at',
  'resides at',
  'reside at',
  'moved to',
  'move to',
  'sent to',
  'send it to',
  'send them to',
  'ship to',
  'shipped to',
  'deliver to',
  'delivered to',
  'located at',
  'is at',
  'are at',
  'meet me at',
  'meet at',
  'return to',
  'arrived at',
  'mail to',
  'write to',
  'visit us at',
  'find us at',
  'corner of',
  'adresse',
  'anschrift',
  'dirección',
  'direccion',
  'endereço',
  'indirizzo',
  'adres',
  'địa chỉ',
];

/** US states and territories (USPS two-letter codes), for "City, ST 12345". */
export const US_STATES = new Set(
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI AA AE AP'.split(
    ' ',
  ),
);
