-- The city filter ignores case and accents ("malmo" finds Malmö). unaccent() is only STABLE
-- (its dictionary could change), so it cannot be indexed as it is; this wrapper names the
-- dictionary explicitly and is declared IMMUTABLE, the usual way to index unaccented text.
CREATE FUNCTION nordicloop_fold(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;

CREATE INDEX listings_live_city_idx ON listings (nordicloop_fold(location_city)) WHERE status = 'live';
