/**
 * Organization signals of the name finder that look past a single run of names: a description after
 * the name ("… is a 501(c)(3)", "… is a software company", "… is a 2001 American comedy film"), the
 * generic business noun a firm's name ends with ("Propeller Health", "Wise Appraisals"), lists that
 * mix firms with names ("Uber, Importio and Futureadvisor"), Vietnamese organization names that open
 * with their kind ("Công ty TNHH Minh Phát", "Tập đoàn Vingroup").
 */
import type { NerEntity } from '../pii';
import { ORG_HEADS } from './name-words';

/** What a description right after a name says it is: an organization, a work (film, book, song), or nothing said. */
export function describedAs(after: string): 'ORGANIZATION' | 'WORK' | null {
  const described = DESCRIBED.exec(after);
  if (!described) return null;
  return WORK_NOUNS.test(described[1]!) ? 'WORK' : 'ORGANIZATION';
}

/**
 * "is a 501(c)3 that…", "was an American software company.", "is a 2001 American action comedy film directed by…":
 * only nouns that never describe a person, and only where the description ends, so "is a company director" says nothing.
 */
const DESCRIBED =
  /^['’]?s?\s+(?:is|was|has been)\s+(?:an?|the)\s+(?:[\p{L}\d()'’-]+\s+){0,4}?(film|movie|novel|album|song|sitcom|musical|opera|video game|painting|poem|manga|anime|company|corporation|startup|start-up|nonprofit|non-profit|not-for-profit|charity|organization|organisation|501\s*\(c\)\s*\(?3\)?|manufacturer|retailer|publisher|conglomerate|subsidiary|airline|franchise|ngo)(?=\s*(?:[.,;:!?)]|$)|\s+(?:that|which|based|founded|headquartered|in|of|from|with|whose|and|for|by|owned|directed|written|starring|released|created|operating)\b)/iu;
const WORK_NOUNS = /^(?:film|movie|novel|album|song|sitcom|musical|opera|video game|painting|poem|manga|anime)$/iu;

/**
 * Whether a run of two or more capitalized words, none a known given name, ends with a generic
 * business noun ("Relationship Science", "Social Health Insights", "Earth Networks"): people's family
 * names are seldom these nouns, firms' names very often are.
 */
export function endsWithBusinessNoun(words: readonly string[]): boolean {
  if (words.length < 2) return false;
  return ORG_HEADS.has(words[words.length - 1]!.toLowerCase().replace(/\.$/, ''));
}

/** A run as the list rule sees it: where it is and its type. */
interface ListRun {
  start: number;
  end: number;
  type: NerEntity | null;
}

/**
 * In a list ("Flightstats, Transunion and Impaq International"), names next to an organization are
 * organizations too, unless `surelyPerson` says otherwise (a given name, a title before): lists mix
 * kinds less often than an unknown firm's name is mistaken for a person's.
 */
export function spreadOrganizationsInLists<R extends ListRun>(text: string, runs: R[], surelyPerson: (run: R) => boolean): void {
  for (let pass = 0; pass < 3; pass++) {
    let changed = false;
    runs.forEach((run, i) => {
      if (run.type === 'ORGANIZATION' || run.type === 'LOCATION' || surelyPerson(run)) return;
      const inList = [runs[i - 1], runs[i + 1]].some((other) => {
        if (!other || other.type !== 'ORGANIZATION') return false;
        const between = other.end <= run.start ? text.slice(other.end, run.start) : text.slice(run.end, other.start);
        return LIST_GLUE.test(between);
      });
      if (inList) {
        run.type = 'ORGANIZATION';
        changed = true;
      }
    });
    if (!changed) return;
  }
}

/** What separates names in a list: a comma, "and", "or", an ampersand (after "Inc." its dot). */
const LIST_GLUE = /^\.?\s*(?:,|,?\s*and|&|,?\s*or)\s*$/iu;

/**
 * Vietnamese organizations name their kind first, in two syllables ("Công ty", "Tập đoàn", "Ngân hàng",
 * "Trường Đại học"), often with the legal form after ("TNHH", "Cổ phần"), then the name in capitalized
 * syllables: "Công ty TNHH Minh Phát", "Tập đoàn Vingroup", "Bệnh viện Bạch Mai".
 */
export function vietnameseOrganizations(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const m of text.matchAll(VIETNAMESE_ORGANIZATION)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

const SYLLABLE = '\\p{Lu}[\\p{L}\\p{M}]*';
const VIETNAMESE_ORGANIZATION = new RegExp(
  '(?<![\\p{L}\\p{M}])(?:(?:Tổng )?[Cc]ông ty|[Tt]ập đoàn|[Nn]gân hàng|(?:[Tt]rường )?(?:[Đđ]ại học|[Cc]ao đẳng)|[Tt]rường (?:THPT|THCS|[Tt]iểu học|[Tt]rung học)|' +
    '[Bb]ệnh viện|[Hh]ọc viện|[Hh]ợp tác xã)' +
    '(?:[ \\t]+(?:TNHH|CP|[Cc]ổ phần|[Tt]rách nhiệm hữu hạn(?: (?:một|hai) thành viên| MTV)?|MTV|[Tt]ư nhân|[Qq]uốc gia|[Tt]hương mại(?: và [Dd]ịch vụ)?|[Dd]ịch vụ))*' +
    // Capitalized syllables, with at most one lower-case one between two ("Bách khoa Hà Nội"), never a joining word.
    `(?:[ \\t]+(?:(?!(?:và|của|ở|tại|là|có|cho|với)[ \\t])\\p{Ll}[\\p{L}\\p{M}]*[ \\t]+)?(?:${SYLLABLE}|&))+`,
  'gu',
);
