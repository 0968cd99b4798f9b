// Vietnamese addresses by the administrative hierarchy (lib/privacy/pii/recognizers/vietnamese-address.ts):
// found whole when a house number and street come with a ward/district/province, or two units follow
// each other; a district or a street named alone is not an address.
import { describe, expect, test } from 'vitest';
import { detect } from '../../lib/privacy/pii';

const addresses = (text: string) =>
  detect(text)
    .filter((s) => s.entity === 'STREET_ADDRESS')
    .map((s) => text.slice(s.start, s.end));

describe('Vietnamese addresses', () => {
  test('house number, street, ward, district and city', () => {
    expect(addresses('Gửi giúp mình tới 18/2 Lê Văn Sỹ, Phường 13, Quận 3, TP. Hồ Chí Minh nhé.')).toEqual([
      '18/2 Lê Văn Sỹ, Phường 13, Quận 3, TP. Hồ Chí Minh',
    ]);
    expect(addresses('Nhà bạn ấy ở số 7 ngõ 15 Chùa Bộc, phường Trung Liệt, quận Đống Đa.')).toEqual([
      'số 7 ngõ 15 Chùa Bộc, phường Trung Liệt, quận Đống Đa',
    ]);
  });

  test('commune, district and province without a street', () => {
    expect(addresses('Quê em ở xã Hòa Bình, huyện Chợ Gạo, tỉnh Tiền Giang.')).toEqual(['xã Hòa Bình, huyện Chợ Gạo, tỉnh Tiền Giang']);
  });

  test('a district or a street named alone is not an address', () => {
    expect(addresses('Quận 1 có nhiều quán cà phê đẹp.')).toEqual([]);
    expect(addresses('Phố Huế đông vào buổi tối.')).toEqual([]);
  });
});
