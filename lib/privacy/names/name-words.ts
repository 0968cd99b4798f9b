/**
 * Word lists of the on-device name finder: honorifics, organization designators, the cue words
 * around names, places and organizations, and name morphology. Lower case.
 */

const words = (list: string): Set<string> => new Set(list.trim().split(/\s+/));

/** Titles and honorifics before a name ("Dr. Lê", "Prof. Maxwell", "Mrs Tran", "thầy Minh"). */
export const HONORIFICS = words(
  'mr mrs ms miss mx dr prof professor sir madam madame dame lady lord rev reverend fr father sr sister br brother ' +
    'capt captain col colonel gen general lt sgt officer judge justice hon president senator rep governor mayor coach ' +
    'herr frau fräulein monsieur mme mlle señor señora señorita sra srta sig signor signora dott ing mevrouw meneer dhr ' +
    'anh chị em ông bà cô chú thầy bác',
);

/** Words that end an organization's name ("Keychain Logistics Corp.", "Seeds of Peace Foundation"). */
export const ORG_DESIGNATORS = words(
  'inc incorporated llc llp ltd limited corp corporation co company companies plc gmbh ag kg sa sas sarl srl spa bv nv ' +
    'ab as asa oy oyj pty pte kk jsc tnhh mtv pllc lllp lp kgaa ohg kft zrt nyrt ooo oao zao pao bhd berhad tbk group holdings partners associates foundation fund trust association society ' +
    'institute institution university college school academy bank insurance hospital clinic agency authority ' +
    'department ministry council committee commission bureau office labs laboratories laboratory technologies ' +
    'technology systems solutions consulting consultants services industries enterprises ventures capital media ' +
    'networks software studios studio records press publishing airlines airways motors pharmaceuticals energy ' +
    'logistics club church museum library center centre union federation league team orchestra band report times ' +
    'post news magazine journal network cooperative coop brands electronics communications entertainment',
);

/**
 * Words that open an organization's name in other languages, where the designator comes first
 * ("Lycée Victor Hugo", "Clínica San Martín", "Universidad de Chile").
 */
export const ORG_DESIGNATORS_FIRST = words(
  'lycée lycee collège école ecole université universite universidad universidade università universita ' +
    'universität universitat hochschule colegio instituto institut istituto escuela escola scuola ' +
    'clínica clinica clinique klinik hôpital hopital ospedale krankenhaus banco banque banca ' +
    'ministerio ministère ministero ministério ministerium fundación fundacion fondation fondazione fundação stiftung ' +
    'compañía compania compagnie società societa sociedad sociedade museo musée musee',
);

/** Words right after a name that say it is an organization ("the Oliver Wyman office", "Apple's CEO"). */
export const ORG_AFTER =
  /^(?:'s)?\s+(?:office(?!\s+hours)|offices|headquarters|hq|employees|staff|ceo|cto|cfo|founders?|invested|announced|acquired|shares|stock|brand|products?|app|website|platform|(?:is|was) the brainchild of|(?:was|were) founded|(?:is|was) headquartered|went public|filed for bankruptcy|(?:was|were) acquired|merged with|(?:is|was) listed on)\b/iu;

/** Words before a name that say it is an organization ("works at", "joined", "recorded for"). */
export const ORG_BEFORE =
  /(?:\b(?:works?|worked|working|job|jobs|employed|employee|intern|interned|interning|internship|hired|joined|join|joins|joining|recorded|signed|company|firm|startup|start-up|organization|organisation|brand|client|customer|employer|sponsor|partner(?:ed)? with|acquired by|founded|ceo of|cto of|director of|manager at|engineer at|year at|years at|months at|spent \w+ \w+ at|(?:which|that) (?:later |then |eventually |soon )?became|renamed|rebranded|merged with|subsidiary of|spun off from|shares of|stock of)\s+(?:at|for|with|by|to|as)?\s*)$/iu;

/** Words before a name that say it is a place ("lives in", "from", "moved to", "city of"). */
export const PLACE_BEFORE =
  /(?:\b(?:in|from|to|near|at|into|via|across|around|toward|towards|outside|inside|visit|visited|visiting|city|town|village|state|province|county|country|capital|region)\s*)$/iu;

/** Words before a name that say it is a person ("my name is", "Hi", "said", "by", "named"). */
export const PERSON_BEFORE =
  /(?:\b(?:name is|name's|names are|name:|named|called|call me|calls me|hi|hello|hey|dear|thanks|thank you|bye|regards|cheers|sincerely|signed|said|says|told|asked|ask|tell|meet|met|with|by|and|guardian|beneficiary|partner|wife|husband|son|daughter|mother|father|brother|sister|friend|classmate|classmates|professor|teacher|student|under|directed by|starring|cc|attn|attention|producer|commenter|author|written by|i'm|i am|this is|it's)\s*:?\s*)$/iu;

/** Words right after a name that say it is a person ("Darin said", "Tran's notes", "Lan is a student"). */
export const PERSON_AFTER =
  /^(?:'s\s+(?:address|email|phone|number|birthday|mother|father|wife|husband|son|daughter|family|friend|notes|homework|essay|car|house|name)|\s+(?:said|says|told|asked|thinks|thought|wrote|writes|replied|answered|shouted|explained|is (?:a|an|very|so|my|our|the)|was (?:a|an|very|my|our|the)|and (?:i|me|my)|who|will be talking|listed|spent|had given|lives|lived|grew up|was born|is from|was from|comes from|came from))\b/iu;

/**
 * Family-name and given-name endings of many languages: Slavic (-ović, -ić, -ová, -ski, -ska, -cki,
 * -wicz, -enko, -uk, -ov, -ova, -ev, -eva, -in, -ina), Nordic (-sson, -sen, -dóttir), Romanian (-escu),
 * Greek (-poulos, -akis, -idis), Armenian (-yan, -ian), Italian (-ini, -elli, -etti), Spanish (-ez),
 * Turkish (-oğlu), Georgian (-shvili, -dze). Used only for capitalized words nothing else explains.
 */
export const PERSON_SUFFIX =
  /(?:ović|ovič|evic|ević|vić|ić|ič|ová|ská|ski|ska|sky|skiy|cki|cka|wicz|icz|enko|chuk|czuk|yuk|ov|ova|ev|eva|kin|sson|sen|dóttir|dottir|escu|poulos|opoulos|akis|idis|yan|ian|ini|elli|etti|ucci|ez|oğlu|oglu|shvili|dze|berg|mann|strom|ström)$/iu;

/** Place-name endings: "-burg", "-ville", "-stadt", "-dorf", "-heim", "-ingen", "-stan", "-land". */
export const PLACE_SUFFIX =
  /(?:burg|bourg|borough|ville|stadt|dorf|heim|hausen|ingen|stedt|stad|holm|haven|hafen|ford|field|ton|ham|chester|caster|mouth|port|polis|grad|gorod|abad|stan|land|ia|sur-mer|les-bains)$/iu;

/** Common Vietnamese family names: a capitalized run starting with one is a person's name ("Nguyễn Văn An"). */
export const VIETNAMESE_SURNAMES = words(
  'nguyễn nguyen trần tran lê le phạm pham hoàng hoang huỳnh huynh phan vũ vu võ vo đặng dang bùi bui đỗ do hồ ho ' +
    'ngô ngo dương duong lý ly đinh dinh trương truong lâm lam mai đoàn doan tạ ta trịnh trinh cao lưu luu',
);

/** Small words inside names: "van der Voet", "da Silva", "bin Laden", "de la Cruz", "Ó", "Mac". */
export const NAME_PARTICLES = words(
  'van der den de del della di da do dos das du la le von zu bin binti ibn al el ter ten y nad pod pri na am an im sur sous upon en',
);

/** Particles that only place names have: "Horka nad Moravou", "Loka pri Zidanem Mostu", "Frankfurt am Main", "Boulogne-sur-Mer". */
export const PLACE_PARTICLES = words('nad pod pri na am an im sur sous upon en');

/** Words right before a name that make it a place even when its words are also given names ("in Quincy", "arrived at Turnbull"). */
export const PLACE_BEFORE_STRONG =
  /(?:\b(?:in|near|lives in|live in|living in|moved (?:here )?(?:to|from)|born in|grew up in|arrived (?:at|in)|coming to|trip to|travel(?:l?ed)? to|flew to|city of|town of|village of|visit(?:ed|ing)?)\s*)$/iu;

/** Capitalized words that are never a name on their own (sentence openers, days, months, titles of address). */
export const NOT_A_NAME = words(
  "i i'm im ok okay yes no hi hello hey dear thanks thank please sorry bot user name address phone email date when " +
    'where who what why how today tomorrow yesterday monday tuesday wednesday thursday friday saturday sunday january ' +
    'february march april may june july august september october november december god bible internet web atm pin ' +
    'iban ssn cc tv dj mc ceo cfo cto faq fyi asap pm am usd eur gbp zip po apt suite unit',
);

/**
 * Endings of company and product names coined from English morphemes ("Politify", "Civinomics",
 * "Innography", "Demystdata", "Solarlist"): a single unknown capitalized word with one is more likely a
 * company than a person.
 */
export const ORG_SUFFIX =
  /(?:ify|ics|nomics|graphy|data|soft|tech|labs|works|ware|web|hub|base|box|list|quest|com|corp|sense|metrics|logic|point|zone|flow|stack|cloud|mart|shop|pay|tronics|matic|wise|share|book|tube|gram|spot|link|wave|scape|scope|vision|dex|pedia|insights|analytics|systems|ventures|media|health|energy|finance|street|view|set)$/iu;

/** Language names: "Write the answer in English" is not a place. */
export const LANGUAGES = words(
  'english vietnamese tiếng french german spanish portuguese italian dutch russian ukrainian polish czech slovak hungarian ' +
    'romanian bulgarian greek turkish arabic hebrew persian farsi hindi bengali urdu punjabi tamil telugu marathi gujarati ' +
    'chinese mandarin cantonese japanese korean thai lao khmer burmese malay indonesian filipino tagalog swahili latin ' +
    'swedish norwegian danish finnish icelandic estonian latvian lithuanian serbian croatian slovenian albanian',
);

/**
 * Generic business nouns a firm's name ends with: industries and services ("… Health", "… Analytics",
 * "… Movers", "… Outfitters"), as company names are formed ("distinctive word + descriptive word").
 * Occupational family names (Baker, Cooper, Mason, Turner…) and surnames that are also nouns (Price,
 * Stone, Hill, Mills, Banks, Fields) are left out on purpose: with a given name they are people.
 */
export const ORG_HEADS = words(
  'health healthcare medical pharma pharmacy therapeutics diagnostics bioscience biosciences biotech genomics science sciences ' +
    'research analytics insights data metrics intelligence lab labs network networks system systems solution solutions ' +
    'technologies technology tech software digital media interactive mobile app apps online cloud security cybersecurity ' +
    'finance financial investments investment insurance lending credit capital ventures partners holdings group resources ' +
    'services consulting consultancy advisors advisory logistics maintenance movers moving appraisals realty properties ' +
    'construction contractors engineering manufacturing foods restaurants bakery catering motors automotive apparel designs ' +
    'productions entertainment games gaming telecom communications wireless broadband transport transportation shipping ' +
    'freight travel tours hotels hospitality staffing recruiting education learning training outfitters traders trading ' +
    'imports exports distribution distributors wholesale retail stores supplies supply equipment tools industries enterprises ' +
    'international global worldwide unlimited associates collective cooperative exchange markets marketing advertising ' +
    'energy solar renewables utilities environmental cleaners cleaning plumbing roofing landscaping repairs rentals auctions ' +
    'brewing brewery winery farms dairy fitness wellness dental optical pets robotics aerospace semiconductors electronics',
);
