/** Every rule-based recognizer, one per entity (each in its own file). */
import type { Recognizer } from '../types';
import { creditCard } from './credit-card';
import { dateOfBirth } from './date-of-birth';
import { emailAddress } from './email-address';
import { ibanCode } from './iban-code';
import { ipAddress } from './ip-address';
import { phoneNumber } from './phone-number';
import { age } from './age';
import { postalCode } from './postal-code';
import { streetAddress } from './street-address';
import { studentId } from './student-id';
import { usDriverLicense } from './us-driver-license';
import { usSsn } from './us-ssn';

export const RECOGNIZERS: readonly Recognizer[] = [
  emailAddress,
  phoneNumber,
  creditCard,
  ibanCode,
  usSsn,
  ipAddress,
  dateOfBirth,
  studentId,
  streetAddress,
  postalCode,
  age,
  usDriverLicense,
];
