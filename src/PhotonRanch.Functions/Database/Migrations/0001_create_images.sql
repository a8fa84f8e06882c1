-- The image-metadata table of the original RDS database (see the contract, "Image metadata").
-- capture_date and sort_date are UTC wall-clock times stored without a time zone, as the original stored them.
CREATE TABLE IF NOT EXISTS images (
    image_id          serial PRIMARY KEY,
    base_filename     text NOT NULL,
    data_type         text,
    site              text,
    capture_date      timestamp,
    sort_date         timestamp,
    right_ascension   double precision,
    declination       double precision,
    fits_01_exists    boolean NOT NULL DEFAULT false,
    fits_10_exists    boolean NOT NULL DEFAULT false,
    jpg_medium_exists boolean NOT NULL DEFAULT false,
    jpg_small_exists  boolean NOT NULL DEFAULT false,
    altitude          double precision,
    azimuth           double precision,
    airmass           double precision,
    exposure_time     double precision,
    filter_used       text,
    username          text,
    user_id           text,
    header            text
);

-- latest_images / latest_image_all_sites: newest first per site.
CREATE INDEX IF NOT EXISTS images_site_sort_date_idx ON images (site, sort_date DESC);
-- /image/{base_filename} and /fitsheader/{base_filename}.
CREATE INDEX IF NOT EXISTS images_base_filename_idx ON images (base_filename);
-- downloadzip and filtered_images date ranges.
CREATE INDEX IF NOT EXISTS images_site_capture_date_idx ON images (site, capture_date);
