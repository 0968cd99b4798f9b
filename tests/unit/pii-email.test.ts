/** EMAIL_ADDRESS: addresses in prose and in other scripts, and what only looks like one. */
import { describe, expect, it } from 'vitest';
import { detect, type Entity } from '../../lib/privacy/pii';

const found = (text: string, entity: Entity = 'EMAIL_ADDRESS') =>
  detect(text)
    .filter((s) => s.entity === entity)
    .map((s) => text.slice(s.start, s.end));

describe('EMAIL_ADDRESS', () => {
  it.each([
    ['Write to jane.doe@uni-example.de about the lab.', 'jane.doe@uni-example.de'],
    ["my address: Tom_O'Neil+notes@mail.school.ac.uk.", "Tom_O'Neil+notes@mail.school.ac.uk"],
    ['(prof.martin@sorbonne-example.fr)', 'prof.martin@sorbonne-example.fr'],
    ['<a.b-c@d-e.f.museum>', 'a.b-c@d-e.f.museum'],
    ['Écrivez à josé.garcía@correo.es, merci.', 'josé.garcía@correo.es'],
    ['Почта: иван@пример.рф', 'иван@пример.рф'],
    ['mailto:student42@campus.edu?subject=hi', 'student42@campus.edu'],
  ])('finds the address in %j', (text, value) => {
    expect(found(text)).toEqual([value]);
  });

  it('finds addresses glued to Chinese, Japanese and Korean text, without the words around them', () => {
    expect(found('我的邮箱是wang.lei@example.cn谢谢')).toEqual(['wang.lei@example.cn']);
    expect(found('メールはtanaka@example.jpです')).toEqual(['tanaka@example.jp']);
    expect(found('이메일은 kim@example.kr입니다')).toEqual(['kim@example.kr']);
  });

  it('finds addresses in right-to-left text', () => {
    expect(found('راسلني على ahmad.k@example.ae من فضلك')).toEqual(['ahmad.k@example.ae']);
    expect(found('כתבו לי ל-dana@example.co.il בבקשה')).toEqual(['dana@example.co.il']);
  });

  it.each([
    ['a social handle', 'follow @jane_doe on the forum'],
    ['a host without a top-level domain', 'ssh root@localhost'],
    ['a decorator', '@Component({ selector: "x" })'],
    ['an at sign in a price', 'apples @ 3 for $1'],
    ['a version pin', 'npm install react@18.2.0'],
    ['a local part of dots', 'look ...@example.com'],
  ])('does not flag %s', (_, text) => {
    expect(found(text)).toEqual([]);
  });

  it('ends the address before sentence punctuation', () => {
    expect(found('Mail me: x@y.org. Or x@y.org, or x@y.org!')).toEqual(['x@y.org', 'x@y.org', 'x@y.org']);
  });
});
