export const PLATFORM_SHORT = '承接';
export const PLATFORM_NAME = '科协学会承接政府转移职能平台';
export const PLATFORM_TITLE = `${PLATFORM_SHORT} · ${PLATFORM_NAME}`;
