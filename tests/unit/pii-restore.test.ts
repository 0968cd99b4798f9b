/**
 * restore: placeholders back to values in a model's answer, also as models mangle them, without
 * touching prose that merely resembles a placeholder.
 */
import { describe, expect, it } from 'vitest';
import { parsePlaceholder, placeholderFor, restore } from '../../lib/privacy/pii';

const MAP = {
  '[EMAIL_1]': 'lea@uni.example',
  '[EMAIL_12]': 'twelve@uni.example',
  '[PHONE_1]': '+49 30 1234567',
  '[IP_ADDRESS_1]': '192.168.0.12',
  '[PERSON_1]': 'Lea Martin',
  '[DATE_OF_BIRTH_1]': '12 March 2001',
  '[CREDIT_CARD_2]': '4111 1111 1111 1111',
};

describe('restore', () => {
  it.each([
    ['exact', 'Write to [EMAIL_1].', 'Write to lea@uni.example.'],
    ['lower case', 'write to [email_1].', 'write to lea@uni.example.'],
    ['title case', 'Write to [Email_1].', 'Write to lea@uni.example.'],
    ['no brackets', 'Write to EMAIL_1 today.', 'Write to lea@uni.example today.'],
    ['no brackets, lower case', 'write to email_1 today.', 'write to lea@uni.example today.'],
    ['space instead of underscore', 'Write to [EMAIL 1].', 'Write to lea@uni.example.'],
    ['hyphen instead of underscore', 'Write to [EMAIL-1].', 'Write to lea@uni.example.'],
    ['no separator', 'Write to [EMAIL1].', 'Write to lea@uni.example.'],
    ['capitals without brackets', 'Write to EMAIL 1.', 'Write to lea@uni.example.'],
    ['curly braces', 'Write to {EMAIL_1}.', 'Write to lea@uni.example.'],
    ['double braces', 'Write to {{EMAIL_1}}.', 'Write to lea@uni.example.'],
    ['double brackets', 'Write to [[EMAIL_1]].', 'Write to lea@uni.example.'],
    ['spaces inside brackets', 'Write to [ EMAIL_1 ].', 'Write to lea@uni.example.'],
    ['Markdown-escaped', 'Write to \\[EMAIL\\_1\\].', 'Write to lea@uni.example.'],
    ['missing closing bracket', 'Write to [EMAIL_1 today', 'Write to lea@uni.example today'],
    ['missing opening bracket', 'Write to EMAIL_1] today', 'Write to lea@uni.example today'],
    ['leading zero', 'Write to [EMAIL_01].', 'Write to lea@uni.example.'],
    ["the entity's full name", 'Call [PHONE_NUMBER_1].', 'Call +49 30 1234567.'],
    [
      'a multi-word label mangled',
      'Host [ip address 1] and [IPADDRESS_1] and [ip-address-1].',
      'Host 192.168.0.12 and 192.168.0.12 and 192.168.0.12.',
    ],
    ['a short alias', 'Born [DOB_1].', 'Born 12 March 2001.'],
    ['a possessive', "[PERSON_1]'s notes", "Lea Martin's notes"],
    ['next to another placeholder', '[PERSON_1][EMAIL_1]', 'Lea Martin' + 'lea@uni.example'],
    ['inside parentheses (kept)', 'Lea (EMAIL_1) and (see [EMAIL_1])', 'Lea (lea@uni.example) and (see lea@uni.example)'],
    ['inside an outer bracket (kept)', '[see [EMAIL_1]]', '[see lea@uni.example]'],
    ['in Markdown bold', '**[PERSON_1]** wrote', '**Lea Martin** wrote'],
    ['in right-to-left text', 'راسل [PERSON_1] على [EMAIL_1] الآن', 'راسل Lea Martin على lea@uni.example الآن'],
    ['glued to Chinese text', '请联系[PERSON_1]，邮箱[EMAIL_1]。', '请联系Lea Martin，邮箱lea@uni.example。'],
    ['glued to Chinese text, no brackets', '请联系PERSON_1谢谢', '请联系Lea Martin谢谢'],
  ])('%s', (_, answer, expected) => {
    expect(restore(answer, MAP)).toBe(expected);
  });

  it.each([
    ['a longer number is another placeholder', 'EMAIL_12 and [EMAIL_12]', 'twelve@uni.example and twelve@uni.example'],
    ['a placeholder not in the mapping', 'Write to [EMAIL_3] or [PHONE_2]', 'Write to [EMAIL_3] or [PHONE_2]'],
    ['prose: "Person 1", "email 1"', 'Person 1 asked person 1 to email 1 friend', 'Person 1 asked person 1 to email 1 friend'],
    ['inside a word', 'MYEMAIL_1 and EMAIL_1abc and EMAIL_1_2', 'MYEMAIL_1 and EMAIL_1abc and EMAIL_1_2'],
    ['an unrelated label', '[NAME_1] and [TOPIC_1]', '[NAME_1] and [TOPIC_1]'],
  ])('leaves %s alone', (_, answer, expected) => {
    expect(restore(answer, MAP)).toBe(expected);
  });

  it('inserts values literally, even with replacement patterns in them', () => {
    expect(restore('x [PERSON_1] y', { '[PERSON_1]': "$& $1 $' $`" })).toBe("x $& $1 $' $` y");
  });

  it('returns the answer unchanged for an empty mapping or answer', () => {
    expect(restore('[EMAIL_1]', {})).toBe('[EMAIL_1]');
    expect(restore('', MAP)).toBe('');
  });
});

describe('placeholders', () => {
  it('are written and parsed the same way', () => {
    expect(placeholderFor('EMAIL_ADDRESS', 3)).toBe('[EMAIL_3]');
    expect(parsePlaceholder('[EMAIL_3]')).toEqual({ entity: 'EMAIL_ADDRESS', n: 3 });
    expect(parsePlaceholder('[DATE_OF_BIRTH_12]')).toEqual({ entity: 'DATE_OF_BIRTH', n: 12 });
    expect(parsePlaceholder('[NAME_1]')).toBeNull();
    expect(parsePlaceholder('EMAIL_1')).toBeNull();
  });
});
