import { describe, expect, it } from 'vitest';
import {
  checkPasswordStrength,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_CLASSES,
  PASSWORD_MIN_LENGTH,
  PASSWORD_PROBLEM,
  passwordClassCount,
} from './password.rules.js';

const TOO_SHORT = '密码长度至少 10 位';
const FEW_CLASSES = '密码须包含大写字母、小写字母、数字、符号中的至少三类';
const HAS_USERNAME = '密码不能包含用户名';

describe('password rules (ORG-6, §4)', () => {
  it('constants: at least 10 characters, at least 3 of 4 classes, at most 128', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(10);
    expect(PASSWORD_MIN_CLASSES).toBe(3);
    expect(PASSWORD_MAX_LENGTH).toBe(128);
    expect(PASSWORD_PROBLEM.tooShort).toBe(TOO_SHORT);
    expect(PASSWORD_PROBLEM.tooFewClasses).toBe(FEW_CLASSES);
    expect(PASSWORD_PROBLEM.containsUsername).toBe(HAS_USERNAME);
  });

  describe('rule: length ≥ 10', () => {
    it('9 characters is too short, 10 is enough', () => {
      expect(checkPasswordStrength('Abcdefg1!')).toEqual([TOO_SHORT]);
      expect(checkPasswordStrength('Abcdefg12!')).toEqual([]);
    });

    it('counts code points, not UTF-16 units', () => {
      expect(checkPasswordStrength('Ab1😀😀😀😀😀😀')).toEqual([TOO_SHORT]); // 9 code points
      expect(checkPasswordStrength('Ab1😀😀😀😀😀😀😀')).toEqual([]);
    });

    it('an empty password fails length and classes', () => {
      expect(checkPasswordStrength('')).toEqual([TOO_SHORT, FEW_CLASSES]);
    });
  });

  describe('rule: length ≤ 128', () => {
    it('128 is accepted, 129 is refused', () => {
      expect(checkPasswordStrength('Aa1' + 'x'.repeat(125))).toEqual([]);
      expect(checkPasswordStrength('Aa1' + 'x'.repeat(126))).toEqual(['密码长度不能超过 128 位']);
    });
  });

  describe('rule: at least three of upper / lower / digit / symbol', () => {
    it.each([
      ['lower + digit', 'abcdefgh12', false],
      ['upper + lower', 'ABCDEfghij', false],
      ['digits only', '1234567890', false],
      ['upper + lower + digit', 'Abcdefgh12', true],
      ['lower + digit + symbol', 'abcdefg12!', true],
      ['upper + digit + symbol', 'ABCDEFG12#', true],
      ['upper + lower + symbol', 'Abcdefgh-+', true],
      ['all four', 'Abcdef12!?', true],
      ['space counts as a symbol', 'abcd efg12', true],
      ['Chinese counts as a symbol', 'abcdefg12承', true],
    ])('%s → %s', (_, pw, ok) => {
      expect(checkPasswordStrength(pw).includes(FEW_CLASSES)).toBe(!ok);
    });

    it('passwordClassCount counts each class once', () => {
      expect(passwordClassCount('')).toBe(0);
      expect(passwordClassCount('aaaa')).toBe(1);
      expect(passwordClassCount('Aa1!')).toBe(4);
    });
  });

  describe('rule: must not contain the username', () => {
    it('refuses a password containing the username, ignoring case', () => {
      expect(checkPasswordStrength('Zhangsan2024!', { username: 'zhangsan' })).toEqual([HAS_USERNAME]);
      expect(checkPasswordStrength('xxZHANGSANxx1', { username: ' ZhangSan ' })).toEqual([HAS_USERNAME]);
    });

    it('accepts a password without the username, or with no username given', () => {
      expect(checkPasswordStrength('Zhangsan2024!', { username: 'lisi' })).toEqual([]);
      expect(checkPasswordStrength('Zhangsan2024!')).toEqual([]);
      expect(checkPasswordStrength('Zhangsan2024!', {})).toEqual([]);
      expect(checkPasswordStrength('Zhangsan2024!', { username: '' })).toEqual([]);
    });

    it('does not apply to usernames shorter than 3 characters', () => {
      expect(checkPasswordStrength('Abcdefgh12', { username: 'ab' })).toEqual([]);
      expect(checkPasswordStrength('Abcdefgh12', { username: 'abc' })).toEqual([HAS_USERNAME]);
    });
  });

  it('reports every problem, in a fixed order', () => {
    expect(checkPasswordStrength('admin', { username: 'admin' })).toEqual([
      TOO_SHORT,
      FEW_CLASSES,
      HAS_USERNAME,
    ]);
  });
});
