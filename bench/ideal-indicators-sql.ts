// The SQL of the ideal indicator and dashboard handler (bench/ideal-indicators-server.ts), apart so that
// bench/indicators.ts can EXPLAIN ANALYZE it next to the platform's own statements.

// $1 the subtree's prefix (LIKE), $2 the position after the association's path, $3 the year, $4 the association
export const SHEET_SQL = `
  with sub as (select o.id, split_part(substr(o.path, $2), '/', 1) as child from organisations o where o.path like $1 and o.type = 'association'),
       cnt as (select s.child, c.indicator, sum(c.value)::float8 as value from sub s join indicator_counts c on c.association_id = s.id and c.year in (0, $3) group by 1, 2)
  select (select coalesce(json_agg(json_build_array(child, indicator, value)), '[]') from cnt) as counts,
         (select coalesce(json_agg(json_build_array(id, name) order by name), '[]') from organisations where parent_id = $4 and type = 'association') as children,
         (select coalesce(array_agg(distinct c.year), '{}') from sub s join indicator_counts c on c.association_id = s.id where c.year > 0) as years,
         p.id as pub_id, p.published_at as pub_at, p.published_by_name as pub_by
    from (select 1) x left join indicator_publications p on p.association_id = $4 and p.year = $3 and p.withdrawn_at is null`;

// The dashboard in two statements: the programmes (and years), then their counts by programme ids —
// one statement joining both was planned with the programmes estimated at 2 rows (a path prefix AND a
// type), hence a nested loop of 153 bitmap scans over dashboard_counts (59 ms) instead of one scan.
// $1 the subtree's prefix, $2 the year
export const DASHBOARD_PROGRAMMES_SQL = `
  select (select coalesce(json_agg(json_build_array(p.id, p.name, p.version) order by p.created_at, p.id), '[]')
            from programmes p join organisations o on o.id = p.association_id
           where o.path like $1 and o.type = 'association' and p.year = $2 and p.status <> 'draft') as programmes,
         (select coalesce(array_agg(distinct c.year), '{}') from organisations o join indicator_counts c on c.association_id = o.id
           where o.path like $1 and o.type = 'association' and c.year > 0) as years`;

// The dashboard's counts from the subtree roll-up (dashboard_subtree_counts, migration 0024: each
// published programme's counts added to its association and every ancestor): the province reads its
// own few hundred rows. (Before 0024 the counts were summed over the dashboard_counts of every
// programme of the subtree — ~36,000 rows, p99 190 ms for this ideal handler itself: bench/RESULTS.md.)
// $1 the association, $2 the year, $3 today, $4 today + 30 days, $5 the programme ids (for the funds)
export const DASHBOARD_COUNTS_SQL = `
  with rows as (select dimension, key, value from dashboard_subtree_counts where association_id = $1 and year = $2),
       counts as (select dimension, key, value::float8 as value from rows where dimension <> 'milestonesOpen' and value <> 0),
       nodes as (select coalesce(sum(value), 0)::float8 as open, coalesce(sum(value) filter (where key collate "C" < $3), 0)::float8 as overdue,
                        coalesce(sum(value) filter (where key collate "C" >= $3 and key collate "C" <= $4), 0)::float8 as soon
                   from rows where dimension = 'milestonesOpen')
  select (select coalesce(json_agg(json_build_array(dimension, key, value)), '[]') from counts) as counts,
         nodes.open, nodes.overdue, nodes.soon, f.*
    from nodes,
         (select coalesce(sum(budgeted_fen), 0)::float8 as "budgetedFen", coalesce(sum(awarded_fen), 0)::float8 as "awardedFen", coalesce(sum(disbursed_fen), 0)::float8 as "disbursedFen",
                 coalesce(sum(spent_fen), 0)::float8 as "spentFen", coalesce(sum(refunded_fen), 0)::float8 as "refundedFen", coalesce(sum(recovered_fen), 0)::float8 as "recoveredFen"
            from fund_accounts where programme_id = any($5::uuid[])) f`;
