-- The pointing in one unit, for cone searches (filtered_images?near=RA,DEC,RADIUS). right_ascension holds what the
-- original ingestion wrote: CRVAL1 (degrees, a plate solution) when the header had one, else RAHRS (hours); the API
-- still answers it as stored. ra_deg and dec_deg hold the pointing in degrees J2000, ra_deg in [0, 360): CRVAL1 as
-- it is, RAHRS times 15; a declination outside [-90, 90] is no pointing. Ingestion writes both from the header.
ALTER TABLE images ADD COLUMN IF NOT EXISTS ra_deg double precision, ADD COLUMN IF NOT EXISTS dec_deg double precision;

-- The header is JSON text written by ingestion; a numeric CRVAL1 in it means right_ascension was copied from it.
UPDATE images SET
    ra_deg = CASE WHEN header ~ '"CRVAL1"\s*:\s*"?\s*[-+.0-9]' THEN right_ascension ELSE right_ascension * 15 END,
    dec_deg = CASE WHEN declination BETWEEN -90 AND 90 THEN declination END
WHERE right_ascension IS NOT NULL AND right_ascension NOT IN ('NaN', 'Infinity', '-Infinity');
UPDATE images SET ra_deg = ra_deg - 360 * floor(ra_deg / 360) WHERE ra_deg IS NOT NULL AND (ra_deg < 0 OR ra_deg >= 360);

-- A cone of radius r around (ra0, dec0) lies in the declination band dec0 ± r (clipped at the poles, where it holds
-- every right ascension); within the band the exact angular distance decides. The band is this btree range, so the
-- search needs no extension (cube/earthdistance, PostGIS) on Azure Database for PostgreSQL Flexible Server.
CREATE INDEX IF NOT EXISTS images_jpg_pointing_idx ON images (dec_deg, ra_deg) WHERE jpg_medium_exists AND dec_deg IS NOT NULL;
