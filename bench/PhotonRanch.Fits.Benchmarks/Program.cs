using System.Diagnostics;
using System.Globalization;
using PhotonRanch.Fits;

// fz → fits of a 4096 × 4096 float32 RICE_1 image: this library against CFITSIO funpack in the same run.
// "decompress <in> <out>" is the child mode used to measure a fresh process (time and peak resident memory).
if (args.Length == 3 && args[0] == "decompress")
{
    var watch = Stopwatch.StartNew();
    await FitsDecompressor.DecompressFileAsync(args[1], args[2], CancellationToken.None);
    watch.Stop();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{watch.Elapsed.TotalMilliseconds:F1} {PeakResidentKilobytes()}"));
    return 0;
}

var size = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4096;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var work = Path.Combine(Path.GetTempPath(), "photonranch-fits-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(work);
try
{
    var plain = Path.Combine(work, "image.fits");
    var packed = Path.Combine(work, "image.fits.fz");
    await WriteImageAsync(plain, size);
    Run("fpack", "-r", "-q", "4", "-O", packed, plain);
    var outputBytes = new FileInfo(plain).Length;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"image {size}x{size} float32, plain {outputBytes / 1e6:F1} MB, RICE_1 q=4 {new FileInfo(packed).Length / 1e6:F1} MB, {Environment.ProcessorCount} cores, {runs} runs"));

    var funpackTimes = new List<double>();
    var oursProcessTimes = new List<double>();
    var oursInnerTimes = new List<double>();
    var oursWarmTimes = new List<double>();
    var peaks = new List<long>();
    var funpackCpu = new List<double>();
    var oursCpu = new List<double>();
    var oursWarmCpu = new List<double>();
    var self = Environment.ProcessPath!;
    var selfArgs = self.EndsWith("dotnet", StringComparison.Ordinal) ? new[] { typeof(Program).Assembly.Location } : [];

    for (var run = 0; run <= runs; run++)
    {
        var funpackOut = Path.Combine(work, "funpack.fits");
        File.Delete(funpackOut);
        var cpuBefore = ChildrenCpuMilliseconds();
        var watch = Stopwatch.StartNew();
        Run("funpack", "-O", funpackOut, packed);
        var funpackMs = watch.Elapsed.TotalMilliseconds;
        var funpackCpuMs = ChildrenCpuMilliseconds() - cpuBefore;

        var oursOut = Path.Combine(work, "ours.fits");
        watch.Restart();
        cpuBefore = ChildrenCpuMilliseconds();
        var child = Run(self, [.. selfArgs, "decompress", packed, oursOut]).Split(' ');
        var processMs = watch.Elapsed.TotalMilliseconds;
        var oursCpuMs = ChildrenCpuMilliseconds() - cpuBefore;

        var ownCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        watch.Restart();
        await FitsDecompressor.DecompressFileAsync(packed, oursOut, CancellationToken.None);
        var warmMs = watch.Elapsed.TotalMilliseconds;
        var warmCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - ownCpuBefore).TotalMilliseconds;

        if (run == 0)
        {
            // Warm-up run: file cache and JIT.
            continue;
        }

        funpackTimes.Add(funpackMs);
        oursProcessTimes.Add(processMs);
        oursInnerTimes.Add(double.Parse(child[0], CultureInfo.InvariantCulture));
        peaks.Add(long.Parse(child[1], CultureInfo.InvariantCulture));
        oursWarmTimes.Add(warmMs);
        funpackCpu.Add(funpackCpuMs);
        oursCpu.Add(oursCpuMs);
        oursWarmCpu.Add(warmCpuMs);
    }

    if (!DataUnit(Path.Combine(work, "funpack.fits")).SequenceEqual(DataUnit(Path.Combine(work, "ours.fits"))))
    {
        Console.WriteLine("WARNING: the data units of funpack's and our output differ");
    }

    Report("funpack (process)", funpackTimes, outputBytes);
    Report("ours (fresh process, incl. .NET startup)", oursProcessTimes, outputBytes);
    Report("ours (fresh process, decompression only)", oursInnerTimes, outputBytes);
    Report("ours (in-process, warm)", oursWarmTimes, outputBytes);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU time (user + sys), median: funpack {Median(funpackCpu):F0} ms, ours fresh process incl. .NET startup and JIT {Median(oursCpu):F0} ms, ours in-process warm {Median(oursWarmCpu):F0} ms"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ours peak resident memory (VmHWM of the fresh process): median {Median(peaks.Select(p => (double)p)) / 1024:F1} MB, max {peaks.Max() / 1024.0:F1} MB"));
    return 0;
}
finally
{
    Directory.Delete(work, recursive: true);
}

// The bytes after the header block holding END (headers differ: funpack's CHECKSUM comments carry a timestamp).
static byte[] DataUnit(string path)
{
    var bytes = File.ReadAllBytes(path);
    for (var offset = 0; offset < bytes.Length; offset += 80)
    {
        if (bytes.AsSpan(offset, 80).SequenceEqual(System.Text.Encoding.ASCII.GetBytes("END".PadRight(80))))
        {
            return bytes[(((offset / 2880) + 1) * 2880)..];
        }
    }

    throw new InvalidOperationException($"{path} has no END card");
}

static void Report(string name, List<double> milliseconds, long bytes)
{
    var median = Median(milliseconds);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-44} median {median,8:F1} ms  {bytes / 1e6 / (median / 1000),7:F1} MB/s  (best {milliseconds.Min():F1} ms)"));
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

// CPU time of waited-for children: fields cutime and cstime of /proc/self/stat, in clock ticks (100 per second on Linux).
static double ChildrenCpuMilliseconds()
{
    var stat = File.ReadAllText("/proc/self/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) * 10.0;
}

static long PeakResidentKilobytes()
{
    foreach (var line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
        {
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
    }

    return -1;
}

static string Run(string tool, params string[] arguments)
{
    var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEnd();
    var error = process.StandardError.ReadToEnd();
    process.WaitForExit();
    return process.ExitCode == 0 ? output.Trim() : throw new InvalidOperationException($"{tool} failed: {error}");
}

static async Task WriteImageAsync(string path, int size)
{
    // Sky-like noise: a smooth background, Gaussian noise and some bright sources.
    var random = new Random(20261125);
    var pixels = new float[size * size];
    for (var i = 0; i < pixels.Length; i++)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        pixels[i] = (float)(1000 + (i / size * 0.01) + (12 * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2)) + (random.Next(2000) == 0 ? 5000 : 0));
    }

    await using var stream = File.Create(path);
    await FitsWriter.WriteImageAsync(stream, pixels, [size, size], [FitsCard.Create("FILTER", "rp")], CancellationToken.None);
}
