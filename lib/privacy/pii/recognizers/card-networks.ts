/**
 * Issuer identification numbers (IIN, the leading digits of an ISO/IEC 7812 primary account number)
 * of the card networks, with the account-number lengths each issues. From the networks' published
 * ranges: Visa, Mastercard (incl. the 2-series), American Express, Diners Club, Discover, JCB,
 * UnionPay, Maestro, Mir, RuPay, Verve, Troy, UATP, Dankort, InstaPayment, InterPayment.
 */
interface Range {
  from: number;
  to: number;
  lengths: readonly number[];
}

const r = (from: number, to: number, ...lengths: number[]): Range => ({ from, to, lengths });
const span = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

const RANGES: readonly Range[] = [
  r(4, 4, 13, 16, 19), // Visa
  r(51, 55, 16), // Mastercard
  r(2221, 2720, 16), // Mastercard 2-series
  r(34, 34, 15),
  r(37, 37, 15), // American Express
  r(300, 305, ...span(14, 19)),
  r(36, 36, ...span(14, 19)),
  r(38, 39, ...span(14, 19)),
  r(3095, 3095, ...span(14, 19)), // Diners Club
  r(6011, 6011, ...span(16, 19)),
  r(644, 649, ...span(16, 19)),
  r(65, 65, ...span(16, 19)), // Discover (and RuPay's 65)
  r(622126, 622925, ...span(16, 19)), // Discover co-branded UnionPay
  r(3528, 3589, ...span(16, 19)), // JCB
  r(2131, 2131, 15),
  r(1800, 1800, 15), // JCB (legacy 15-digit)
  r(62, 62, ...span(16, 19)),
  r(81, 81, ...span(16, 19)), // UnionPay
  r(50, 50, ...span(12, 19)),
  r(56, 69, ...span(12, 19)), // Maestro (and domestic debit schemes in the 6-series)
  r(2200, 2204, ...span(16, 19)), // Mir
  r(60, 60, 16),
  r(82, 82, 16),
  r(508, 508, 16),
  r(353, 353, 16),
  r(356, 356, 16), // RuPay
  r(506099, 506198, 16, 18, 19),
  r(650002, 650027, 16, 18, 19), // Verve
  r(9792, 9792, 16), // Troy
  r(1, 1, 15), // UATP
  r(5019, 5019, 16), // Dankort
  r(637, 639, 16), // InstaPayment
  r(636, 636, ...span(16, 19)), // InterPayment
];

/** Whether `digits` (a whole account number) starts with a network's IIN and has a length that network issues. */
export function knownNetwork(digits: string): boolean {
  return RANGES.some((range) => {
    const n = String(range.from).length;
    const prefix = Number(digits.slice(0, n));
    return prefix >= range.from && prefix <= range.to && range.lengths.includes(digits.length);
  });
}
