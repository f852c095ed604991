// The SQL of the ideal item-list handler (bench/ideal-items-server.ts), apart so that the benches
// can EXPLAIN ANALYZE it next to the platform's own statements.

export const TS_KEY = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;

/** The session behind a cookie: $1 the SM3 of the cookie value. */
export const SESSION_SQL = `select s.user_id, s.created_at, s.last_seen_at, u.is_active as user_active, o.type, o.path, o.is_active as org_active,
                            array(select r.role from user_roles r where r.user_id = u.id) as roles
                       from sessions s join users u on u.id = s.user_id join organisations o on o.id = u.org_id
                      where s.id_hash = $1`;

/** An association's list: $1 the subtree's path prefix + '%', $2 limit + 1, after a cursor $3 time key, $4 id. */
export const ITEMS_SQL = (after: boolean) => `
  select t.id, t.programme_id, t.department_id, d.name as department_name, t.title, t.category_code, t.commissioning_mode, t.budget_fen,
         t.status, t.revision, t.declaration_deadline, t.published_at, t.created_at, ${TS_KEY('t.created_at')} as key, p.version as programme_version,
         (select count(*)::int from declarations x where x.item_id = t.id) as declaration_count
    from transfer_items t
    join organisations d on d.id = t.department_id
    join programmes p on p.id = t.programme_id
   where t.association_path like $1 and t.status <> 'draft'${after ? ` and (t.created_at, t.id) < ($3::timestamptz, $4::uuid)` : ''}
   order by t.created_at desc, t.id desc
   limit $2`;

/** The public list: $1 limit + 1, then the category when filtered, then the cursor's time key and id. */
export const PUBLIC_SQL = (byCategory: boolean, after: boolean) => {
  const conds = [`t.status <> 'draft'`];
  const args: string[] = ['$1']; // limit
  if (byCategory) conds.push(`t.category_code = $${args.push('c')}`);
  if (after) {
    const a = args.push('a');
    const b = args.push('b');
    conds.push(`(t.published_at, t.id) < ($${a}::timestamptz, $${b}::uuid)`);
  }
  return `
  select t.id, t.title, t.category_code, left(t.description, 200) as summary, t.commissioning_mode, t.budget_fen, t.status, t.revision,
         t.published_at, t.withdrawn_at, t.programme_id, p.name as programme_name, p.version as programme_version, t.department_id,
         d.name as department_name, ${TS_KEY('t.published_at')} as key
    from transfer_items t
    join organisations d on d.id = t.department_id
    join programmes p on p.id = t.programme_id
   where ${conds.join(' and ')}
   order by t.published_at desc, t.id desc
   limit $1`;
};
