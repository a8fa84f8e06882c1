-- Indexes for the image endpoints, sized by bench/PhotonRanch.Images.Benchmarks (docs/benchmarks.md). Every image
-- endpoint except /fitsheader reads only rows with a medium JPG, newest first (sort_date DESC, image_id DESC), so
-- these are partial indexes in exactly that order: a LIMIT query reads its rows straight off the index, with no sort
-- and no rows filtered away.

-- latest_images, latest_image_all_sites (one probe per site), filtered_images by site.
CREATE INDEX IF NOT EXISTS images_jpg_site_newest_idx
    ON images (site, sort_date DESC, image_id DESC) WHERE jpg_medium_exists;

-- latest_images?userid=U: without it, a user with few images at a busy site means scanning the site's history.
CREATE INDEX IF NOT EXISTS images_jpg_site_user_newest_idx
    ON images (site, user_id, sort_date DESC, image_id DESC) WHERE jpg_medium_exists;

-- filtered_images by user_id across sites.
CREATE INDEX IF NOT EXISTS images_jpg_user_newest_idx
    ON images (user_id, sort_date DESC, image_id DESC) WHERE jpg_medium_exists;

-- filtered_images with no or unselective filters: the newest rows overall, up to the limit.
CREATE INDEX IF NOT EXISTS images_jpg_newest_idx
    ON images (sort_date DESC, image_id DESC) WHERE jpg_medium_exists;
