#!/usr/bin/python3
"""Reference tables for the PhotonRanch.Astronomy tests, from an independent implementation (PyEphem/libastro).

Run with Debian's interpreter, which sees the apt package python3-ephem (PyEphem 4.1.4):

    /usr/bin/python3 tools/reference-ephemeris/generate_reference.py --out tests/PhotonRanch.Astronomy.Tests/ReferenceData

or `scripts/test.sh --regenerate-reference`. The output is committed; tests never run this script.

Definitions mirror the product contract, so that only the ephemerides differ:
* altitudes are PyEphem's apparent topocentric altitudes of the body's centre (parallax included) with
  refraction disabled (observer.pressure = 0), observer at sea level (elevation 0) like the original service;
* Sun thresholds -0.25, -1.5, -6, -11.75, -12, -18 degrees; Moon -34 arcminutes;
* crossings are bracketed on a 5-minute grid and bisected to 0.01 s (our own root finder over PyEphem's
  positions, so "last crossing wins" and the window edges are applied identically); PyEphem's own
  next_rising/next_setting (use_center=True, horizon set to the threshold) is used as a cross-check and the
  largest disagreement is printed;
* the window is [local noon, local noon + 1 day) with noon = floor(JD_TAI + offset) - offset using the offset
  in force at that noon (see LocalNoonWindow.cs);
* moon passes: rise followed by set inside the window; transit from PyEphem's next_transit after the rise;
  illumination is PyEphem's geocentric moon_phase at the transit.
Times are written as TAI Julian dates (UTC + 37 s; all dates are after 2017-01-01) or Unix seconds.
"""
import argparse
import csv
import datetime
import math
import os
import zoneinfo

import ephem

TAI_MINUS_UTC = 37.0
EPHEM_EPOCH_JD = 2415020.0  # ephem.Date 0 = 1899-12-31 12:00 UT
UNIX_EPOCH_JD = 2440587.5
STEP = 5.0 / 1440.0
TOL = 0.01 / 86400.0

SITES = [
    # name, latitude, longitude (east +), IANA zone
    ("SantaBarbara", 34.4208, -119.6982, "America/Los_Angeles"),
    ("Perth", -31.9505, 115.8605, "Australia/Perth"),
    ("SidingSpring", -31.2733, 149.0617, "Australia/Sydney"),
    ("Tenerife", 28.3004, -16.5117, "Atlantic/Canary"),
    ("CerroTololo", -30.1675, -70.8065, "America/Santiago"),
    ("Sutherland", -32.3797, 20.8105, "Africa/Johannesburg"),
    ("Berlin", 52.52, 13.405, "Europe/Berlin"),
    ("Helsinki60", 60.0, 24.94, "Europe/Helsinki"),
    ("Dunedin", -45.0, 170.5, "Pacific/Auckland"),
    ("Haleakala", 20.7075, -156.257, "Pacific/Honolulu"),
]

SUN_THRESHOLDS = [-0.25, -1.5, -6.0, -11.75, -12.0, -18.0]
MOON_THRESHOLD = -34.0 / 60.0
H = 1.0 / 24.0
M = 1.0 / 1440.0
S = 1.0 / 86400.0

NAMES = [
    "Eve Bias Dark", "End Eve Bias Dark", "Eve Scrn Flats", "End Eve Scrn Flats", "Ops Window Start",
    "Observing Begins", "Observing Ends", "Cool Down, Open", "Eve Sky Flats", "Sun Set", "Civil Dusk",
    "End Eve Sky Flats", "Clock & Auto Focus", "Naut Dusk", "Astro Dark", "Middle of Night", "End Astro Dark",
    "Final Clock & Auto Focus", "Naut Dawn", "Morn Sky Flats", "Civil Dawn", "End Morn Sky Flats",
    "Ops Window Closes", "Sunrise", "Moon Rise", "Moon Set",
]


def tai_jd_to_ephem(jd):
    return ephem.Date(jd - TAI_MINUS_UTC / 86400.0 - EPHEM_EPOCH_JD)


def ephem_to_tai_jd(d):
    return float(d) + EPHEM_EPOCH_JD + TAI_MINUS_UTC / 86400.0


def tai_jd_to_unix(jd):
    return (jd - TAI_MINUS_UTC / 86400.0 - UNIX_EPOCH_JD) * 86400.0


def unix_to_tai_jd(unix):
    return UNIX_EPOCH_JD + unix / 86400.0 + TAI_MINUS_UTC / 86400.0


def observer(lat, lon):
    o = ephem.Observer()
    o.lat = math.radians(lat)
    o.lon = math.radians(lon)
    o.elevation = 0.0
    o.pressure = 0.0
    return o


def altitude_function(obs, body):
    def alt(jd):
        obs.date = tai_jd_to_ephem(jd)
        body.compute(obs)
        return math.degrees(body.alt)
    return alt


def crossings(values, times, f, threshold, end):
    """All crossings of threshold: list of (jd, 'rise'|'set')."""
    found = []
    for i in range(len(times) - 1):
        b0 = values[i] < threshold
        b1 = values[i + 1] < threshold
        if b0 == b1:
            continue
        lo, hi = times[i], times[i + 1]
        while hi - lo > TOL:
            mid = 0.5 * (lo + hi)
            if (f(mid) < threshold) == b0:
                lo = mid
            else:
                hi = mid
        t = 0.5 * (lo + hi)
        if t < end:
            found.append((t, "rise" if b0 else "set"))
    return found


def grid(f, start, end):
    n = int(math.ceil((end - start) / STEP))
    times = [min(start + i * STEP, end) for i in range(n + 1)]
    return times, [f(t) for t in times]


def last(found, kind):
    for t, k in reversed(found):
        if k == kind:
            return t
    return None


def offset_days(zone, tai_jd):
    dt = datetime.datetime.fromtimestamp(tai_jd_to_unix(tai_jd), tz=zone)
    return dt.utcoffset().total_seconds() / 86400.0


def window_start(zone, when_unix):
    jd = unix_to_tai_jd(when_unix)
    offsets = [offset_days(zone, jd), offset_days(zone, jd - 26.0 / 24.0)]
    best = None
    for off in offsets:
        noon = math.floor(jd + off) - off
        for cand in (noon, noon - 1.0):
            if cand <= jd and (best is None or cand > best) and offset_days(zone, cand) == off:
                best = cand
    if best is None:
        off = offsets[0]
        best = math.floor(jd + off) - off
    return best


def site_events(lat, lon, start):
    end = start + 1.0
    obs = observer(lat, lon)
    sun_alt = altitude_function(obs, ephem.Sun())
    moon_alt = altitude_function(obs, ephem.Moon())
    st, sv = grid(sun_alt, start, end)
    mt, mv = grid(moon_alt, start, end)
    sun = {th: crossings(sv, st, sun_alt, th, end) for th in SUN_THRESHOLDS}
    moon = crossings(mv, mt, moon_alt, MOON_THRESHOLD, end)

    def ev(th, kind):
        return last(sun[th], kind)

    sun_set, sunrise = ev(-0.25, "set"), ev(-0.25, "rise")
    end_morn_sky_flats = ev(-1.5, "rise")
    end_eve_sky_flats, morn_sky_flats = ev(-11.75, "set"), ev(-11.75, "rise")
    naut_dusk, naut_dawn = ev(-12.0, "set"), ev(-12.0, "rise")

    def plus(t, d):
        return None if t is None else t + d

    ops_start = plus(sun_set, -H)
    end_eve_scrn = plus(ops_start, -75 * S)
    eve_scrn = plus(end_eve_scrn, -1.5 * H)
    end_eve_bias = plus(eve_scrn, -385 * S)
    return {
        "Eve Bias Dark": plus(end_eve_bias, -8 * H),
        "End Eve Bias Dark": end_eve_bias,
        "Eve Scrn Flats": eve_scrn,
        "End Eve Scrn Flats": end_eve_scrn,
        "Ops Window Start": ops_start,
        "Observing Begins": plus(naut_dusk, 5 * M),
        "Observing Ends": plus(naut_dawn, -5 * M),
        "Cool Down, Open": plus(ops_start, 0.5 * M),
        "Eve Sky Flats": plus(sun_set, -0.5 * H),
        "Sun Set": sun_set,
        "Civil Dusk": ev(-6.0, "set"),
        "End Eve Sky Flats": end_eve_sky_flats,
        "Clock & Auto Focus": plus(end_eve_sky_flats, M),
        "Naut Dusk": naut_dusk,
        "Astro Dark": ev(-18.0, "set"),
        "Middle of Night": None if sun_set is None or sunrise is None else sun_set + (sunrise - sun_set) / 2,
        "End Astro Dark": ev(-18.0, "rise"),
        "Final Clock & Auto Focus": plus(naut_dawn, -4 * M),
        "Naut Dawn": naut_dawn,
        "Morn Sky Flats": morn_sky_flats,
        "Civil Dawn": ev(-6.0, "rise"),
        "End Morn Sky Flats": end_morn_sky_flats,
        "Ops Window Closes": plus(end_morn_sky_flats, 0.5 * M),
        "Sunrise": sunrise,
        "Moon Rise": last(moon, "rise"),
        "Moon Set": last(moon, "set"),
    }


def pyephem_native_check(lat, lon, start, events):
    """Largest |difference| in seconds between our bisection and PyEphem's own rise/set search."""
    worst = 0.0
    checks = [("Sun Set", ephem.Sun(), "-0:15", "set"), ("Sunrise", ephem.Sun(), "-0:15", "rise"),
              ("Naut Dusk", ephem.Sun(), "-12", "set"), ("Moon Rise", ephem.Moon(), "-0:34", "rise"),
              ("Moon Set", ephem.Moon(), "-0:34", "set")]
    for name, body, horizon, kind in checks:
        t = events.get(name)
        if t is None:
            continue
        obs = observer(lat, lon)
        obs.horizon = horizon
        obs.date = tai_jd_to_ephem(t - 0.02)
        try:
            native = obs.next_rising(body, use_center=True) if kind == "rise" else obs.next_setting(body, use_center=True)
        except (ephem.AlwaysUpError, ephem.NeverUpError):
            continue
        worst = max(worst, abs(ephem_to_tai_jd(native) - t) * 86400.0)
    return worst


# Daylight-saving change days of the sites' zones in 2025; the local hour 10:17 is after the change, the case
# where the contract formula (offset at `when`) and the offset in force at noon disagree.
DST_DAYS = [datetime.date(2025, 3, 9), datetime.date(2025, 11, 2), datetime.date(2025, 3, 30),
            datetime.date(2025, 10, 26), datetime.date(2025, 4, 6), datetime.date(2025, 10, 5),
            datetime.date(2025, 9, 28), datetime.date(2025, 9, 7)]


def event_instants(site_index):
    """(date, local hour): 60 dates spread over 2025 (every ~6 days, local hour varied so both sides of local
    noon are exercised), then the DST change days at 10:17 local."""
    base = datetime.date(2025, 1, 3)
    regular = [(base + datetime.timedelta(days=6 * i + (i % 5)), (3 + 5 * i + 7 * site_index) % 24) for i in range(60)]
    return regular + [(d, 10) for d in DST_DAYS]


def write_site_events(out_dir):
    path = os.path.join(out_dir, "site-events.csv")
    worst_native = 0.0
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["site", "latitude", "longitude", "time_zone", "when_unix", "window_start_tai_jd", "event", "tai_jd"])
        for idx, (name, lat, lon, tzname) in enumerate(SITES):
            zone = zoneinfo.ZoneInfo(tzname)
            seen = set()
            for day, hour in event_instants(idx):
                local = datetime.datetime(day.year, day.month, day.day, hour, 17, tzinfo=zone)
                when_unix = int(local.timestamp())
                if when_unix in seen:
                    continue
                seen.add(when_unix)
                start = window_start(zone, when_unix)
                events = site_events(lat, lon, start)
                worst_native = max(worst_native, pyephem_native_check(lat, lon, start, events))
                for ev in NAMES:
                    t = events[ev]
                    w.writerow([name, lat, lon, tzname, when_unix, f"{start:.8f}", ev, "" if t is None else f"{t:.8f}"])
    print(f"site-events.csv written; max |own bisection - PyEphem next_rising/setting| = {worst_native:.2f} s")


def moon_passes(lat, lon, start_unix, end_unix):
    start, end = unix_to_tai_jd(start_unix), unix_to_tai_jd(end_unix)
    obs = observer(lat, lon)
    f = altitude_function(obs, ephem.Moon())
    times, values = grid(f, start, end + TOL)
    found = crossings(values, times, f, MOON_THRESHOLD, end + TOL)
    passes = []
    for i, (t, kind) in enumerate(found):
        if kind != "rise" or t > end:
            continue
        nxt = next((u for u, k in found[i + 1:] if k == "set"), None)
        if nxt is None or nxt > end:
            continue
        tobs = observer(lat, lon)
        tobs.date = tai_jd_to_ephem(t)
        transit = ephem_to_tai_jd(tobs.next_transit(ephem.Moon()))
        geo = ephem.Moon()
        geo.compute(tai_jd_to_ephem(transit))
        passes.append((t, nxt, transit, geo.moon_phase))
    return passes


def write_moon_passes(out_dir):
    path = os.path.join(out_dir, "moon-passes.csv")
    windows = [datetime.datetime(2025, 1, 10, 6, 0, 0, tzinfo=datetime.timezone.utc),
               datetime.datetime(2025, 5, 2, 18, 30, 0, tzinfo=datetime.timezone.utc),
               datetime.datetime(2025, 9, 14, 0, 0, 0, tzinfo=datetime.timezone.utc)]
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["site", "latitude", "longitude", "start_utc", "end_utc", "rise_unix", "set_unix", "transit_unix", "illumination"])
        for name, lat, lon, _ in SITES:
            for ws in windows:
                we = ws + datetime.timedelta(days=30)
                s_iso, e_iso = ws.strftime("%Y-%m-%dT%H:%M:%SZ"), we.strftime("%Y-%m-%dT%H:%M:%SZ")
                for rise, set_, transit, illum in moon_passes(lat, lon, ws.timestamp(), we.timestamp()):
                    w.writerow([name, lat, lon, s_iso, e_iso, f"{tai_jd_to_unix(rise):.3f}", f"{tai_jd_to_unix(set_):.3f}",
                                f"{tai_jd_to_unix(transit):.3f}", f"{illum:.6f}"])
    print("moon-passes.csv written")


def write_original_cases(out_dir):
    """The original service's test cases: Santa Barbara and Perth, 2020-08-01/02 (local dates).

    The original compared against timeanddate.com, whose convention is the upper limb with standard refraction
    (34'), i.e. PyEphem's defaults (pressure 1010 mbar, 15 C, horizon 0, upper limb). Rows carry both that
    timeanddate-style value and the value under our definitions (centre, no refraction, same thresholds).
    """
    path = os.path.join(out_dir, "original-cases.csv")
    cases = [("SantaBarbara", 34.4208, -119.6982, "America/Los_Angeles"), ("Perth", -31.9505, 115.8605, "Australia/Perth")]
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["site", "latitude", "longitude", "time_zone", "local_date", "event", "timeanddate_style_unix", "contract_definition_unix"])
        for name, lat, lon, tzname in cases:
            zone = zoneinfo.ZoneInfo(tzname)
            for day in (datetime.date(2020, 8, 1), datetime.date(2020, 8, 2)):
                midnight = datetime.datetime(day.year, day.month, day.day, tzinfo=zone)
                for event, body, kind, horizon in (("Sunrise", ephem.Sun, "rise", "-0:15"), ("Sun Set", ephem.Sun, "set", "-0:15"),
                                                   ("Moon Rise", ephem.Moon, "rise", "-0:34"), ("Moon Set", ephem.Moon, "set", "-0:34")):
                    default = ephem.Observer()
                    default.lat, default.lon, default.elevation = math.radians(lat), math.radians(lon), 0.0
                    default.date = ephem.Date(midnight.astimezone(datetime.timezone.utc))
                    styled = default.next_rising(body()) if kind == "rise" else default.next_setting(body())
                    ours = observer(lat, lon)
                    ours.horizon = horizon
                    ours.date = default.date
                    contract = ours.next_rising(body(), use_center=True) if kind == "rise" else ours.next_setting(body(), use_center=True)
                    to_unix = lambda d: (float(d) + EPHEM_EPOCH_JD - UNIX_EPOCH_JD) * 86400.0
                    w.writerow([name, lat, lon, tzname, day.isoformat(), event, f"{to_unix(styled):.3f}", f"{to_unix(contract):.3f}"])
    print("original-cases.csv written")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="output directory (tests/PhotonRanch.Astronomy.Tests/ReferenceData)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    write_original_cases(args.out)
    write_moon_passes(args.out)
    write_site_events(args.out)


if __name__ == "__main__":
    main()
