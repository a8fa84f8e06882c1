-- Ingestion upserts one row per exposure: INSERT ... ON CONFLICT (base_filename, data_type). The original ingestion
-- could insert two rows for one exposure when its files were processed at the same time; such duplicates are first
-- merged into the oldest row (flags OR-ed, every other column from the oldest row that has a value), so the unique
-- index can be built over data moved from the original database. Rows with the same base filename and different data
-- types stay separate rows (and /image/{base_filename} still answers "Multiple images found" for them).
WITH duplicated AS (
    SELECT base_filename, data_type, min(image_id) AS keep_id,
        bool_or(fits_01_exists) AS fits_01_exists, bool_or(fits_10_exists) AS fits_10_exists,
        bool_or(jpg_medium_exists) AS jpg_medium_exists, bool_or(jpg_small_exists) AS jpg_small_exists,
        (array_agg(site ORDER BY image_id) FILTER (WHERE site IS NOT NULL))[1] AS site,
        (array_agg(capture_date ORDER BY image_id) FILTER (WHERE capture_date IS NOT NULL))[1] AS capture_date,
        (array_agg(sort_date ORDER BY image_id) FILTER (WHERE sort_date IS NOT NULL))[1] AS sort_date,
        (array_agg(right_ascension ORDER BY image_id) FILTER (WHERE right_ascension IS NOT NULL))[1] AS right_ascension,
        (array_agg(declination ORDER BY image_id) FILTER (WHERE declination IS NOT NULL))[1] AS declination,
        (array_agg(altitude ORDER BY image_id) FILTER (WHERE altitude IS NOT NULL))[1] AS altitude,
        (array_agg(azimuth ORDER BY image_id) FILTER (WHERE azimuth IS NOT NULL))[1] AS azimuth,
        (array_agg(airmass ORDER BY image_id) FILTER (WHERE airmass IS NOT NULL))[1] AS airmass,
        (array_agg(exposure_time ORDER BY image_id) FILTER (WHERE exposure_time IS NOT NULL))[1] AS exposure_time,
        (array_agg(filter_used ORDER BY image_id) FILTER (WHERE filter_used IS NOT NULL))[1] AS filter_used,
        (array_agg(username ORDER BY image_id) FILTER (WHERE username IS NOT NULL))[1] AS username,
        (array_agg(user_id ORDER BY image_id) FILTER (WHERE user_id IS NOT NULL))[1] AS user_id,
        (array_agg(header ORDER BY image_id) FILTER (WHERE header IS NOT NULL))[1] AS header
    FROM images
    WHERE data_type IS NOT NULL
    GROUP BY base_filename, data_type
    HAVING count(*) > 1
), merged AS (
    UPDATE images SET
        fits_01_exists = d.fits_01_exists, fits_10_exists = d.fits_10_exists,
        jpg_medium_exists = d.jpg_medium_exists, jpg_small_exists = d.jpg_small_exists,
        site = d.site, capture_date = d.capture_date, sort_date = d.sort_date,
        right_ascension = d.right_ascension, declination = d.declination, altitude = d.altitude, azimuth = d.azimuth,
        airmass = d.airmass, exposure_time = d.exposure_time, filter_used = d.filter_used, username = d.username,
        user_id = d.user_id, header = d.header
    FROM duplicated d
    WHERE images.image_id = d.keep_id
    RETURNING d.base_filename, d.data_type, d.keep_id
)
DELETE FROM images
USING merged
WHERE images.base_filename = merged.base_filename AND images.data_type = merged.data_type AND images.image_id <> merged.keep_id;

-- Rows without a data type (never written by ingestion, which always knows it) are not constrained: NULLs are distinct.
CREATE UNIQUE INDEX IF NOT EXISTS images_base_filename_data_type_key ON images (base_filename, data_type);
