using PhotonRanch.Functions.Ingestion;

namespace PhotonRanch.Functions.Tests.Ingestion;

/// <summary>Blob name → what ingestion does, without storage.</summary>
public sealed class IngestionPlanTests
{
    [Theory]
    [InlineData("data/sro-kb001ms-20220629-00010442-EX00.txt", nameof(FrameFileKind.Header))]
    [InlineData("data/sro-kb001ms-20220629-00010442-EX01.fits.fz", nameof(FrameFileKind.LargeFits))]
    [InlineData("data/sro-kb001ms-20220629-00010442-EX00.fits", nameof(FrameFileKind.LargeFits))]
    [InlineData("data/sro-kb001ms-20220629-00010442-EX10.fits.fz", nameof(FrameFileKind.SmallFits))]
    [InlineData("data/sro-kb001ms-20220629-00010442-EX13.fits.bz2", nameof(FrameFileKind.SmallFits))]
    [InlineData("data/sro-kb001ms-20220629-00010442-EX10.jpg", nameof(FrameFileKind.MediumJpg))]
    [InlineData("data/sro-kb001ms-20220629-00010442-EX13.jpg", nameof(FrameFileKind.MediumJpg))]
    [InlineData("data/sro-kb001ms-20220629-00010442-EX11.jpg", nameof(FrameFileKind.SmallJpg))]
    public void Frame_files_under_data_are_ingested_by_kind(string blobName, string kind)
    {
        var plan = IngestionPlan.For(blobName);

        Assert.Equal(IngestedArea.Data, plan.Area);
        Assert.Equal(Enum.Parse<FrameFileKind>(kind), plan.Kind);
        Assert.Null(plan.SkipReason);
        Assert.Equal("sro", plan.UploadSite);
        Assert.Equal("sro-kb001ms-20220629-00010442", plan.Frame!.BaseFilename);
        Assert.Equal("EX", plan.Frame.DataType);
    }

    [Theory]
    [InlineData("data/notaframe.jpg", "unknown_site")]
    [InlineData("data/sr-kb001ms-20220629-00010442-EX10.jpg", "unknown_site")]
    [InlineData("data/sroabcd-kb001ms-20220629-00010442-EX10.jpg", "unknown_site")]
    [InlineData("data/sro-kb001ms-2022062-00010442-EX10.jpg", "unknown_site")]
    [InlineData("data/sro-kb001ms-20220629-0001044-EX10.jpg", "unknown_site")]
    [InlineData("data/sro-kb001ms-20220629-00010442-EX1.jpg", "unknown_site")]
    [InlineData("data/sro-kb001ms-20220629-00010442-10.jpg", "unknown_site")]
    [InlineData("data/sro-kb001ms-20220629-00010442-EX10.jp2", "unknown_site")]
    [InlineData("data/sro-kb001ms-20220629-00010442-EX10.png", "sro")]
    [InlineData("data/sro-kb001ms-20220629-00010442-EX12.jpg", "sro")]
    [InlineData("data/sro-kb001ms-20220629-00010442-EX11.fits.fz", "sro")]
    public void Other_names_are_only_logged_under_their_site_or_unknown_site(string blobName, string site)
    {
        var plan = IngestionPlan.For(blobName);

        Assert.Equal(IngestedArea.Data, plan.Area);
        Assert.Null(plan.Kind);
        Assert.NotNull(plan.SkipReason);
        Assert.Equal(site, plan.UploadSite);
    }

    [Theory]
    [InlineData("downloads/x.zip")]
    [InlineData("allsky/sro-kb001ms-20220629-00010442-EX10.jpg")]
    [InlineData("Data/sro-kb001ms-20220629-00010442-EX10.jpg")]
    public void Blobs_outside_data_and_info_images_are_not_ingested(string blobName)
    {
        Assert.Equal(IngestedArea.Other, IngestionPlan.For(blobName).Area);
    }

    [Theory]
    [InlineData("info-images/tst-inst-20211231-00000001-EX10.jpg", "jpg_10_file_path", "jpg_medium_exists")]
    [InlineData("info-images/tst-inst-20211231-00000001-EX11.jpg", "jpg_11_file_path", "jpg_small_exists")]
    [InlineData("info-images/tst-inst-20211231-00000001-EX01.fits.fz", "fits_01_file_path", "fits_01_exists")]
    [InlineData("info-images/tst-inst-20211231-00000001-EX10.fits.fz", "fits_10_file_path", "fits_10_exists")]
    [InlineData("info-images/tst-inst-20211231-00000001-EX00.txt", "txt_00_file_path", null)]
    public void Info_image_files_name_the_attributes_the_info_image_endpoint_reads(string blobName, string pathAttribute, string? flag)
    {
        var plan = IngestionPlan.For(blobName);

        Assert.Equal(IngestedArea.InfoImages, plan.Area);
        Assert.Equal(pathAttribute, plan.InfoImagePathAttribute);
        Assert.Equal(flag, plan.InfoImageFlag);
    }

    [Fact]
    public void A_medium_jpgs_thumbnail_is_the_same_name_at_level_11()
    {
        Assert.Equal(
            "data/sro-kb001ms-20220629-00010442-EX11.jpg",
            IngestionPlan.For("data/sro-kb001ms-20220629-00010442-EX13.jpg").ThumbnailBlobName);
    }
}
