// the bell in the header with the number of unread notifications.
import { BellOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge } from 'antd';
import { Link } from 'react-router';
import { api } from '../../shared/api';
import type { UnreadCount } from '../../../contract/notifications';

export const UNREAD_KEY = ['notifications/unread-count'] as const;

/** The header bell: unread notifications, polled once a minute. */
export function NotificationBell({ enabled }: { enabled: boolean }) {
  const q = useQuery({
    queryKey: UNREAD_KEY,
    queryFn: () => api<UnreadCount>('/notifications/unread-count'),
    enabled,
    refetchInterval: 60_000,
  });
  const n = q.data?.unread ?? 0;
  return (
    <Link to="/app/notifications" aria-label={`消息通知，${n} 条未读`} title="消息通知" style={{ lineHeight: 1, display: 'inline-flex' }}>
      <Badge count={n} size="small" overflowCount={99}>
        <BellOutlined style={{ fontSize: 18, color: '#fff' }} />
      </Badge>
    </Link>
  );
}
