namespace PhotonRanch.Functions.RecentUploads;

/// <summary>One file that arrived in storage, as a row of the original's <c>recent-uploads-log</c> table.</summary>
/// <param name="Site"></param>
/// <param name="UploadTimestampS">When it arrived, in Unix seconds.</param>
/// <param name="ExpireTimestampS">When the entry stops being listed, in Unix seconds.</param>
/// <param name="Filename"></param>
/// <param name="SizeBytes"></param>
internal sealed record RecentUpload(string Site, long UploadTimestampS, long ExpireTimestampS, string Filename, long SizeBytes);
