using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace CareHub.Web.Features.Network;

/// <summary>
/// The gap closure report as a PDF (US Letter): who and where the application stands, then each gap (area, missing
/// information, expected documentation, due date, status) and the check-ins held and due, wrapped and paged. The
/// font is the one PDFsharp ships (Segoe WP), so the report looks the same on every server without system fonts.
/// </summary>
public static class GapReportPdf
{
    private const double Margin = 48, Width = 612 - 2 * Margin, Bottom = 792 - Margin;
    private static readonly Lock _fontLock = new();

    public static byte[] Write(ApplicationView app, GapList gaps, DateOnly today)
    {
        EnsureFonts();
        using var doc = new PdfDocument();
        doc.Info.Title = $"Gap closure report: {app.ProviderName} for {app.PlanName}";
        doc.Info.Creator = "CareHub";
        var w = new Writer(doc);
        w.Text("Gap closure report", 18, bold: true);
        w.Text($"{app.ProviderName}: {app.TemplateTitle} for {app.PlanName}", 11);
        w.Text($"Application status: {app.Status}. Open gaps: {gaps.Items.Count(g => g.Status == "open")} of {gaps.Items.Count}. " +
            $"Overdue: {gaps.Items.Count(g => g.Overdue)}. Meetings held: {gaps.MeetingsHeld}. As of {today:yyyy-MM-dd}.", 10, muted: true);
        w.Space(10);

        w.Text("Gaps", 13, bold: true);
        if (gaps.Items.Count == 0)
        {
            w.Text("No gaps: every area reviewed so far was compliant.", 10);
        }

        double[] columns = [130, 150, 150, 58, Width - 488];
        w.Row(["Area", "Missing information", "Expected documentation", "Due", "Status"], columns, bold: true);
        foreach (var g in gaps.Items.OrderBy(g => g.Status == "open" ? 0 : 1).ThenBy(g => g.DueDate))
        {
            w.Row([g.AreaTitle, g.MissingInformation, g.ExpectedDocumentation, g.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                g.Status + (g.Overdue ? " (overdue)" : "") + (g.ClosedAt is { } c ? $" {c:yyyy-MM-dd}" : "")], columns);
        }

        w.Space(10);
        w.Text("Check-ins (at least every two weeks while gaps are open)", 13, bold: true);
        if (gaps.CheckIns.Count == 0)
        {
            w.Text("No check-ins scheduled.", 10);
        }
        else
        {
            double[] meeting = [80, 80, Width - 160];
            w.Row(["Due", "Held on", "Notes"], meeting, bold: true);
            foreach (var c in gaps.CheckIns.OrderBy(c => c.DueDate))
            {
                w.Row([c.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), c.HeldOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? (c.Overdue ? "overdue" : "not yet"),
                    c.Notes ?? ""], meeting);
            }
        }

        w.Finish();
        using var stream = new MemoryStream();
        doc.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    private static void EnsureFonts()
    {
        lock (_fontLock)
        {
            GlobalFontSettings.FontResolver ??= new BundledFontResolver();
        }
    }

    /// <summary>Every family resolves to the Segoe WP faces bundled with PDFsharp.</summary>
    private sealed class BundledFontResolver : IFontResolver
    {
        public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(bold ? "SegoeWP-Bold" : "SegoeWP", false, italic);

        public byte[] GetFont(string faceName) => faceName == "SegoeWP-Bold" ? PdfSharp.WPFonts.FontDataHelper.SegoeWPBold : PdfSharp.WPFonts.FontDataHelper.SegoeWP;
    }

    /// <summary>Writes top to bottom, starting a new page when the next block does not fit.</summary>
    private sealed class Writer(PdfDocument doc)
    {
        private XGraphics? _gfx;
        private double _y;
        private int _pages;

        private XGraphics Gfx => _gfx ?? NewPage();

        private XGraphics NewPage()
        {
            _gfx?.Dispose();
            var page = doc.AddPage();
            page.Width = XUnit.FromPoint(612);
            page.Height = XUnit.FromPoint(792);
            _gfx = XGraphics.FromPdfPage(page);
            _y = Margin;
            _pages++;
            return _gfx;
        }

        public void Space(double points) => _y += points;

        public void Text(string text, double size, bool bold = false, bool muted = false)
        {
            var font = new XFont("CareHub", size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);
            var lines = Wrap(Gfx, text, font, Width);
            var height = lines.Count * size * 1.3;
            if (_y + height > Bottom)
            {
                NewPage();
            }

            foreach (var line in lines)
            {
                Gfx.DrawString(line, font, muted ? XBrushes.DimGray : XBrushes.Black, new XRect(Margin, _y, Width, size * 1.3), XStringFormats.TopLeft);
                _y += size * 1.3;
            }

            _y += 3;
        }

        public void Row(IReadOnlyList<string> cells, double[] widths, bool bold = false)
        {
            const double Size = 9, Line = Size * 1.3, Pad = 3;
            var font = new XFont("CareHub", Size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);
            var wrapped = cells.Select((c, i) => Wrap(Gfx, c, font, widths[i] - 2 * Pad)).ToList();
            var height = wrapped.Max(l => l.Count) * Line + 2 * Pad;
            if (_y + height > Bottom)
            {
                NewPage();
            }

            var x = Margin;
            for (var i = 0; i < cells.Count; i++)
            {
                var rect = new XRect(x, _y, widths[i], height);
                if (bold)
                {
                    Gfx.DrawRectangle(XBrushes.Gainsboro, rect);
                }

                Gfx.DrawRectangle(new XPen(XColors.Gray, 0.5), rect);
                for (var l = 0; l < wrapped[i].Count; l++)
                {
                    Gfx.DrawString(wrapped[i][l], font, XBrushes.Black, new XRect(x + Pad, _y + Pad + l * Line, widths[i] - 2 * Pad, Line), XStringFormats.TopLeft);
                }

                x += widths[i];
            }

            _y += height;
        }

        public void Finish()
        {
            _gfx?.Dispose();
            _gfx = null;
            var footer = new XFont("CareHub", 8, XFontStyleEx.Regular);
            for (var i = 0; i < doc.PageCount; i++)
            {
                using var g = XGraphics.FromPdfPage(doc.Pages[i]);
                g.DrawString($"CareHub gap closure report, page {i + 1} of {_pages}", footer, XBrushes.DimGray,
                    new XRect(Margin, 792 - Margin + 12, Width, 12), XStringFormats.TopLeft);
            }
        }

        /// <summary>Words onto lines that fit <paramref name="width"/>; a word longer than a line is cut.</summary>
        private static List<string> Wrap(XGraphics gfx, string text, XFont font, double width)
        {
            var lines = new List<string>();
            foreach (var paragraph in (text ?? "").Replace("\r", "", StringComparison.Ordinal).Split('\n'))
            {
                var line = "";
                foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var candidate = line.Length == 0 ? word : line + " " + word;
                    if (gfx.MeasureString(candidate, font).Width <= width)
                    {
                        line = candidate;
                        continue;
                    }

                    if (line.Length > 0)
                    {
                        lines.Add(line);
                    }

                    line = word;
                    while (line.Length > 1 && gfx.MeasureString(line, font).Width > width)
                    {
                        var cut = line.Length - 1;
                        while (cut > 1 && gfx.MeasureString(line[..cut], font).Width > width)
                        {
                            cut--;
                        }

                        lines.Add(line[..cut]);
                        line = line[cut..];
                    }
                }

                lines.Add(line);
            }

            return lines;
        }
    }
}
