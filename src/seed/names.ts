/** A small deterministic PRNG (mulberry32), so the demo compound is the same on every machine. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

// Common surnames roughly by frequency in Shanghai, and given names typical of several generations.
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢钟姜崔谭陆范汪金石廖贾夏韦付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺顾毛郝龚邵万覃武钱戴严莫孔向常汤'.split(
    '',
  );
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
  '超',
  '秀英',
  '霞',
  '平',
  '刚',
  '建国',
  '建华',
  '国强',
  '志强',
  '海燕',
  '红梅',
  '丽华',
  '春梅',
  '晓东',
  '晓燕',
  '文杰',
  '俊杰',
  '子轩',
  '欣怡',
  '梓涵',
  '浩然',
  '雨桐',
  '思远',
  '佳怡',
  '宇航',
  '嘉欣',
  '一鸣',
  '诗琪',
  '家豪',
  '婷婷',
  '晨曦',
  '天宇',
  '美玲',
  '玉兰',
  '桂英',
  '卫东',
  '建军',
  '振华',
  '淑珍',
  '志刚',
  '雪梅',
  '亚楠',
  '立新',
  '新民',
  '慧敏',
];

/** A plausible full name: 王建国, 李婷婷. */
export function chineseName(random: () => number): string {
  return pick(random, SURNAMES) + pick(random, GIVEN);
}

/** How neighbours address an elderly resident: 王阿姨, 陈老伯. */
export function elderAddress(random: () => number): string {
  return pick(random, SURNAMES) + pick(random, ['阿姨', '阿婆', '老伯', '爷叔', '奶奶', '爷爷']);
}

const MOBILE_PREFIXES = [
  '133',
  '135',
  '136',
  '137',
  '139',
  '150',
  '151',
  '152',
  '158',
  '159',
  '177',
  '180',
  '186',
  '187',
  '189',
];

/** A fake mainland mobile number (11 digits). Uniqueness is the caller's job. */
export function fakeMobile(random: () => number): string {
  return pick(random, MOBILE_PREFIXES) + String(Math.floor(random() * 1e8)).padStart(8, '0');
}
