-- 311 service requests: the catalogue (departments, categories with their questions), the
-- requests themselves, their timeline, photos, followers, the reporting area, and Open311
-- API keys. Everything is tenant-owned and under row-level security.

CREATE TABLE request_departments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  code text NOT NULL CHECK (code ~ '^[a-z0-9_]{1,40}$'),
  name jsonb NOT NULL, -- {"en": "...", "es": "..."}
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, code)
);
SELECT civq_protect_tenant_table('request_departments');

-- A kind of problem residents report. `questions` is a JSON array of
-- {key, type: text|number|yes_no|single_choice|multiple_choice|date, label: {en, es},
--  required, options?: [{value, label: {en, es}}]}. Turned off (active = false), never deleted:
-- old requests keep pointing at it.
CREATE TABLE request_categories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  code text NOT NULL CHECK (code ~ '^[a-z0-9_]{1,40}$'),
  name jsonb NOT NULL,
  description jsonb NOT NULL,
  department_id uuid NOT NULL REFERENCES request_departments (id),
  sla_business_days integer NOT NULL CHECK (sla_business_days BETWEEN 1 AND 365),
  location_required boolean NOT NULL DEFAULT true,
  questions jsonb NOT NULL DEFAULT '[]',
  active boolean NOT NULL DEFAULT true,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, code)
);
SELECT civq_protect_tenant_table('request_categories');

CREATE TABLE service_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  -- What the resident reads and types: Crockford base-32 with a check character (lib/codes.ts).
  tracking_code text NOT NULL,
  category_id uuid NOT NULL REFERENCES request_categories (id),
  department_id uuid NOT NULL REFERENCES request_departments (id),
  status text NOT NULL DEFAULT 'submitted'
    CHECK (status IN ('submitted', 'acknowledged', 'in_progress', 'closed')),
  description text NOT NULL,
  answers jsonb NOT NULL DEFAULT '{}',
  address text,
  lat double precision CHECK (lat BETWEEN -90 AND 90),
  lng double precision CHECK (lng BETWEEN -180 AND 180),
  -- The utility account at that address, when there is one (utilities owns the account).
  account_id uuid,
  -- Who reported it: a resident account, or contact details (never shown publicly).
  reporter_resident_id uuid REFERENCES residents (id) ON DELETE SET NULL,
  reporter_name text,
  reporter_email text CHECK (reporter_email = lower(reporter_email)),
  reporter_phone text CHECK (reporter_phone ~ '^\+[1-9][0-9]{7,14}$'),
  language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'es')),
  source text NOT NULL DEFAULT 'portal' CHECK (source IN ('portal', 'open311', 'staff')),
  assignee_id uuid REFERENCES staff_users (id) ON DELETE SET NULL,
  duplicate_of uuid REFERENCES service_requests (id),
  closing_note text,
  -- Open311 `token` of a request posted through GeoReport v2.
  open311_token text,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  acknowledged_at timestamptz,
  closed_at timestamptz,
  -- submitted_at + the category's SLA in business days (Saturdays and Sundays skipped).
  due_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((lat IS NULL) = (lng IS NULL)),
  CHECK (status <> 'closed' OR (closing_note IS NOT NULL AND closed_at IS NOT NULL)),
  UNIQUE (tenant_id, tracking_code)
);
SELECT civq_protect_tenant_table('service_requests');
-- The staff queue: newest or oldest first, by status, category, department, assignee; the map
-- of open requests in a viewport; overdue against the SLA.
CREATE INDEX service_requests_queue ON service_requests (tenant_id, status, submitted_at DESC);
CREATE INDEX service_requests_submitted ON service_requests (tenant_id, submitted_at DESC);
CREATE INDEX service_requests_category ON service_requests (tenant_id, category_id, submitted_at DESC);
CREATE INDEX service_requests_department ON service_requests (tenant_id, department_id, submitted_at DESC);
CREATE INDEX service_requests_assignee ON service_requests (tenant_id, assignee_id, submitted_at DESC);
CREATE INDEX service_requests_open_due ON service_requests (tenant_id, due_at) WHERE status <> 'closed';
CREATE INDEX service_requests_open_map ON service_requests (tenant_id, lat, lng) WHERE status <> 'closed';
CREATE INDEX service_requests_account ON service_requests (tenant_id, account_id) WHERE account_id IS NOT NULL;
CREATE INDEX service_requests_reporter ON service_requests (tenant_id, reporter_resident_id) WHERE reporter_resident_id IS NOT NULL;
CREATE UNIQUE INDEX service_requests_open311_token ON service_requests (tenant_id, open311_token) WHERE open311_token IS NOT NULL;
-- Added by the staff queue (checked with EXPLAIN ANALYZE on 1,000,000 rows, see staff/README.md):
-- the open queue sorted by age ("open", "overdue") without walking the closed requests, and the
-- KPIs' open and overdue counts by category from the index alone;
CREATE INDEX service_requests_open_queue ON service_requests (tenant_id, submitted_at) INCLUDE (category_id, due_at)
  WHERE status <> 'closed';
-- the KPIs' closings this week and 90-day median to close, without reading every closed request;
CREATE INDEX service_requests_closed ON service_requests (tenant_id, closed_at) INCLUDE (category_id, submitted_at)
  WHERE status = 'closed';
-- the duplicates listed on a request's page;
CREATE INDEX service_requests_duplicates ON service_requests (duplicate_of) WHERE duplicate_of IS NOT NULL;
-- address search (q): the typed text is a prefix of the address ("412 calle s") or of its street
-- without the house number ("calle sol"). Kept as stored lower-cased columns compared with the
-- leak-proof pattern operators (~>=~, ~<~), because row-level security lets the planner use an
-- index only for leak-proof operators on plain columns: a full-text or trigram index on
-- lower(address) would never be chosen for civq_app (checked), and pg_trgm is not in PGlite.
ALTER TABLE service_requests ADD COLUMN address_key text GENERATED ALWAYS AS
  (lower(regexp_replace(btrim(coalesce(address, '')), '\s+', ' ', 'g'))) STORED;
ALTER TABLE service_requests ADD COLUMN street_key text GENERATED ALWAYS AS
  (regexp_replace(lower(regexp_replace(btrim(coalesce(address, '')), '\s+', ' ', 'g')), '^[0-9]+[a-z]?[ ,]+', '')) STORED;
CREATE INDEX service_requests_address_key ON service_requests (tenant_id, address_key text_pattern_ops);
CREATE INDEX service_requests_street_key ON service_requests (tenant_id, street_key text_pattern_ops);

-- The timeline: every status change, note, assignment and duplicate marking, with who and
-- when. Internal notes (visibility = 'internal') never leave staff responses.
CREATE TABLE request_updates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  request_id uuid NOT NULL REFERENCES service_requests (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('submitted', 'status', 'public_note', 'internal_note', 'assignment', 'duplicate', 'reopened')),
  visibility text NOT NULL CHECK (visibility IN ('public', 'internal')),
  from_status text,
  to_status text,
  body text,
  -- staff | resident | public | open311 | system
  actor_type text NOT NULL,
  actor_id text,
  actor_name text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX request_updates_request ON request_updates (request_id, created_at);
SELECT civq_protect_tenant_table('request_updates');

-- Photos: uploaded first (request_id NULL, "pending"), attached when the report is filed; a job
-- removes pending uploads (row and file) older than an hour, so an abandoned form leaves nothing.
CREATE TABLE request_photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  request_id uuid REFERENCES service_requests (id) ON DELETE CASCADE,
  storage_key text NOT NULL,
  content_type text NOT NULL,
  size_bytes integer NOT NULL,
  position integer NOT NULL DEFAULT 0,
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX request_photos_request ON request_photos (request_id);
CREATE INDEX request_photos_pending ON request_photos (uploaded_at) WHERE request_id IS NULL;
SELECT civq_protect_tenant_table('request_photos');

-- People who follow a request: a resident account, or an email/phone (the anonymous reporter
-- of a duplicate). They receive every public change in their language.
CREATE TABLE request_followers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  request_id uuid NOT NULL REFERENCES service_requests (id) ON DELETE CASCADE,
  resident_id uuid REFERENCES residents (id) ON DELETE CASCADE,
  email text CHECK (email = lower(email)),
  phone text,
  language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'es')),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (resident_id IS NOT NULL OR email IS NOT NULL OR phone IS NOT NULL)
);
CREATE UNIQUE INDEX request_followers_resident ON request_followers (request_id, resident_id) WHERE resident_id IS NOT NULL;
CREATE UNIQUE INDEX request_followers_email ON request_followers (request_id, email) WHERE resident_id IS NULL AND email IS NOT NULL;
CREATE INDEX request_followers_by_resident ON request_followers (tenant_id, resident_id) WHERE resident_id IS NOT NULL;
SELECT civq_protect_tenant_table('request_followers');

-- Per tenant: where reports may be pinned (a bounding box, or a GeoJSON polygon inside it),
-- and the Open311 jurisdiction id.
CREATE TABLE request_settings (
  tenant_id uuid PRIMARY KEY DEFAULT civq_current_tenant() REFERENCES tenants (id),
  min_lat double precision NOT NULL,
  min_lng double precision NOT NULL,
  max_lat double precision NOT NULL,
  max_lng double precision NOT NULL,
  polygon jsonb,
  jurisdiction_id text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (min_lat < max_lat AND min_lng < max_lng)
);
SELECT civq_protect_tenant_table('request_settings');

-- Open311 GeoReport v2 API keys: only the SHA-256 of a key is kept; the key is shown once.
CREATE TABLE open311_api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  label text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  key_prefix text NOT NULL,
  created_by uuid REFERENCES staff_users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
SELECT civq_protect_tenant_table('open311_api_keys');
