#!/usr/bin/python3
"""Times the benchmark's computations in PyEphem 4.1.4 (Debian python3-ephem) and prints JSON p50s in ms.

Same inputs as AstronomyBenchmarks.cs. Each computation uses PyEphem's native C rise/set/transit searches
(use_center=True, pressure=0, horizon = threshold), which is how a PyEphem-based service would do it:
* events: the six Sun thresholds' setting and rising after local noon, moon rise and set, plus the derived
  offsets (trivial);
* 366 nights: the same for the 366 local noons from 2025-02-03;
* rise-set-illum: successive moon risings in 30 days, the setting and transit after each, and the geocentric
  moon_phase at the transit.
"""
import json
import math
import statistics
import time

import ephem

LAT, LON = 34.4208, -119.6982
NOON = ephem.Date("2025/02/02 19:59:23")  # local noon PST on the TAI-based definition, as UTC
MOON_START = ephem.Date("2025/01/10 06:00:00")
THRESHOLDS = ["-0:15", "-1:30", "-6", "-11:45", "-12", "-18"]


def observer(horizon):
    o = ephem.Observer()
    o.lat, o.lon, o.elevation, o.pressure = math.radians(LAT), math.radians(LON), 0.0, 0.0
    o.horizon = horizon
    return o


def events(noon=NOON):
    found = {}
    sun = ephem.Sun()
    for horizon in THRESHOLDS:
        o = observer(horizon)
        o.date = noon
        try:
            found["set" + horizon] = o.next_setting(sun, use_center=True)
            found["rise" + horizon] = o.next_rising(sun, use_center=True)
        except (ephem.AlwaysUpError, ephem.NeverUpError):
            pass
    o = observer("-0:34")
    o.date = noon
    moon = ephem.Moon()
    found["moonrise"] = o.next_rising(moon, use_center=True)
    found["moonset"] = o.next_setting(moon, use_center=True)
    return found


def year_of_events():
    return [events(NOON + 1 + night) for night in range(366)]


def moon_passes():
    o = observer("-0:34")
    moon = ephem.Moon()
    end = MOON_START + 30
    o.date = MOON_START
    passes = []
    while True:
        rise = o.next_rising(moon, use_center=True)
        if rise > end:
            break
        o.date = rise
        set_ = o.next_setting(moon, use_center=True)
        transit = o.next_transit(moon)
        geo = ephem.Moon()
        geo.compute(transit)
        if set_ <= end:
            passes.append((rise, set_, transit, geo.moon_phase))
        o.date = rise + ephem.minute
    return passes


def p50_ms(function, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


if __name__ == "__main__":
    print(json.dumps({
        "events_p50_ms": p50_ms(events, 200),
        "year_events_p50_ms": p50_ms(year_of_events, 5),
        "moon_passes_p50_ms": p50_ms(moon_passes, 20),
    }))
