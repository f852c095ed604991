import { describe, expect, it } from 'vitest';
import { maskEmail, maskIdNumber, maskName, maskPhone } from './mask.js';

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678'],
    [' 13812345678 ', '138****5678'],
    ['+8613812345678', '+86*******5678'],
    ['010-12345678', '010*****5678'],
    ['12345678', '****5678'],
    ['1234567', '***4567'],
    ['123456', '****56'],
    ['12345', '***45'],
    ['1234', '****'],
    ['1', '*'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });

  it('passes null and undefined through as null', () => {
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone(undefined)).toBeNull();
  });

  it('keeps the length of an 11-digit mobile number', () => {
    expect(maskPhone('13812345678')).toHaveLength(11);
  });
});

describe('maskEmail', () => {
  it.each([
    ['zhangsan@example.com', 'z***@example.com'],
    ['ZS@Example.COM', 'Z***@Example.COM'],
    ['a@example.com', '***@example.com'],
    ['@example.com', '***@example.com'],
    ['"odd@local"@example.com', '"***@example.com'],
    ['张三@例子.中国', '张***@例子.中国'],
    ['no-at-sign', 'n***'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(maskEmail(input)).toBe(expected);
  });

  it('does not reveal the local part’s length', () => {
    expect(maskEmail('ab@x.cn')).toBe('a***@x.cn');
    expect(maskEmail('abcdefghijkl@x.cn')).toBe('a***@x.cn');
  });

  it('passes null and undefined through as null', () => {
    expect(maskEmail(null)).toBeNull();
    expect(maskEmail(undefined)).toBeNull();
  });
});

describe('maskIdNumber', () => {
  it('masks an 18-character resident ID as first 4 + 10 stars + last 4', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
    expect(maskIdNumber('110105194912310021')).toMatch(/^1101\*{10}0021$/);
  });

  it.each([
    ['110105491231002', '1101*******1002'], // 15-digit (first generation)
    ['E12345678', 'E1*****78'], // passport
    ['1234567', '1*****7'],
    ['123', '1*3'],
    ['12', '**'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(maskIdNumber(input)).toBe(expected);
  });

  it('passes null and undefined through as null', () => {
    expect(maskIdNumber(null)).toBeNull();
    expect(maskIdNumber(undefined)).toBeNull();
  });
});

describe('maskName', () => {
  it.each([
    ['张三丰', '张**'],
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['张', '*'],
    [' 李四 ', '李*'],
    ['𠀀三', '𠀀*'], // a character outside the BMP counts as one
    ['Ann', 'A**'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(maskName(input)).toBe(expected);
  });

  it('passes null and undefined through as null', () => {
    expect(maskName(null)).toBeNull();
    expect(maskName(undefined)).toBeNull();
  });
});
