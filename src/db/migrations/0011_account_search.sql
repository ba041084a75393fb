-- Account search by words, fast under row-level security.
--
-- The text-search match operator (@@) is not LEAKPROOF, so PostgreSQL will not evaluate it
-- ahead of a table's RLS policy, and therefore never uses the GIN index for it: every search
-- read all 100,000 accounts. This function runs the match as civq_system (whose policy lets
-- the planner use the index) and applies the tenant filter itself, from the same transaction
-- setting the policies read, so a caller still sees only its own tenant's accounts. It returns
-- the ids and the sort key; callers join back through the RLS-protected table for the rest.
CREATE FUNCTION civq_account_search(q tsquery, only_status text)
  RETURNS TABLE (id uuid, sort_key text)
  LANGUAGE sql STABLE SECURITY DEFINER ROWS 500
  SET search_path = public, pg_temp
  AS $$
    SELECT a.id, civq_fold(a.customer_name)
    FROM utility_accounts a
    WHERE a.tenant_id = civq_current_tenant() AND a.search @@ q
      AND (only_status IS NULL OR a.status = only_status)
  $$;
ALTER FUNCTION civq_account_search(tsquery, text) OWNER TO civq_system;
REVOKE ALL ON FUNCTION civq_account_search(tsquery, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION civq_account_search(tsquery, text) TO civq_app;
