-- 1,000,000 service requests in one tenant, for EXPLAIN ANALYZE of the staff queue (see src/modules/requests/staff/README.md; bench/requests-scale.ts times the same reads over HTTP).
-- Usage, on a scratch database migrated with `npx civq migrate` and a tenant from `civq tenant create`:
--   psql -v t=<tenant uuid> -f bench/requests-explain-1m.sql
-- Then run the queue's SQL (queueSql, mapSql, kpisSql) with EXPLAIN ANALYZE after
-- SET ROLE civq_app and set_config('civq.tenant_id', …): the plans under row-level security are the ones that count.
BEGIN;
INSERT INTO request_departments (tenant_id, code, name)
SELECT :'t', 'dept' || g, jsonb_build_object('en','Dept '||g,'es','Depto '||g) FROM generate_series(1,6) g;
INSERT INTO request_categories (tenant_id, code, name, description, department_id, sla_business_days)
SELECT :'t', 'cat' || g, jsonb_build_object('en','Cat '||g,'es','Cat '||g), '{"en":"","es":""}',
  (SELECT id FROM request_departments WHERE code = 'dept' || (1 + g % 6)), 3 + g % 5
FROM generate_series(1,12) g;
INSERT INTO staff_users (tenant_id, email, display_name, role, password_hash)
SELECT :'t', 'clerk'||g||'@bench.test', 'Clerk '||g, 'clerk', 'x' FROM generate_series(1,20) g;
CREATE TEMP TABLE cats AS SELECT row_number() over (order by code) AS n, id, department_id FROM request_categories WHERE tenant_id = :'t';
CREATE TEMP TABLE staff AS SELECT row_number() over (order by email) AS n, id FROM staff_users WHERE tenant_id = :'t';
CREATE TEMP TABLE streets AS SELECT g AS n, (ARRAY['Calle','Avenida','Main','Oak','Elm','Pine','Cedar','Maple','Sol','Luna'])[1 + g % 10] || ' ' || (ARRAY['Street','Road','Lane','Drive','Camino','Boulevard','Way','Court'])[1 + (g / 10) % 8] || ' ' || g AS name FROM generate_series(1,400) g;
INSERT INTO service_requests (tenant_id, tracking_code, category_id, department_id, status, description, address, lat, lng,
  account_id, language, source, assignee_id, closing_note, submitted_at, acknowledged_at, closed_at, due_at)
SELECT :'t', 'B' || lpad(g::text, 9, '0'), c.id, c.department_id,
  s.status, 'Something is broken', (1 + g % 2000) || ' ' || st.name,
  26.1 + (g::bigint * 7919 % 10000) / 100000.0, -98.3 + (g::bigint * 104729 % 10000) / 100000.0,
  CASE WHEN g % 5 = 0 THEN md5('acct' || (g % 50000))::uuid END,
  CASE WHEN g % 3 = 0 THEN 'es' ELSE 'en' END, 'portal',
  CASE WHEN g % 4 = 0 THEN NULL ELSE (SELECT id FROM staff WHERE staff.n = 1 + g % 20) END,
  CASE WHEN s.status = 'closed' THEN 'done' END,
  sub, CASE WHEN s.status <> 'submitted' THEN sub + interval '1 day' END,
  CASE WHEN s.status = 'closed' THEN sub + ((g % 20) || ' days')::interval END,
  sub + interval '7 days'
FROM generate_series(1, 1000000) g
CROSS JOIN LATERAL (SELECT now() - ((1000000 - g) * interval '94 seconds') AS sub) t
CROSS JOIN LATERAL (SELECT CASE WHEN g > 920000 THEN (ARRAY['submitted','acknowledged','in_progress','closed'])[1 + g % 4]
                               WHEN g % 97 = 0 THEN 'in_progress' ELSE 'closed' END AS status) s
JOIN cats c ON c.n = 1 + g % 12
JOIN streets st ON st.n = 1 + (g / 7) % 400;
COMMIT;
-- The newest 80,000: statuses and assignees independent of the category (not modulo-correlated).
UPDATE service_requests SET status = s.st,
  closing_note = CASE WHEN s.st = 'closed' THEN 'done' END,
  closed_at = CASE WHEN s.st = 'closed' THEN submitted_at + interval '3 days' END,
  acknowledged_at = CASE WHEN s.st <> 'submitted' THEN submitted_at + interval '1 day' END
FROM (SELECT id, (ARRAY['submitted','acknowledged','in_progress','closed'])[1 + abs(hashtext(tracking_code)) % 4] AS st
      FROM service_requests WHERE tenant_id = :'t' AND tracking_code > 'B000920000') s
WHERE s.id = service_requests.id;
UPDATE service_requests SET assignee_id = (SELECT id FROM staff_users
    WHERE email = 'clerk' || (1 + abs(hashtext(tracking_code || 'a')) % 20) || '@bench.test')
WHERE tenant_id = :'t' AND tracking_code > 'B000920000' AND abs(hashtext(tracking_code || 'b')) % 4 <> 0;
VACUUM ANALYZE service_requests;
