import { useEffect } from 'react';
import { PLATFORM_TITLE, PLATFORM_SHORT } from './brand';

/** Sets the browser tab title: "学会管理 - 承接". */
export function usePageTitle(title?: string | null) {
  useEffect(() => {
    document.title = title ? `${title} - ${PLATFORM_SHORT}` : PLATFORM_TITLE;
  }, [title]);
}
