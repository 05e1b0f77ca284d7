using System.Globalization;
using System.Text;

namespace CareHub.Exchange;

/// <summary>Who sends and who receives an interchange (ISA06/ISA08, GS02/GS03) and how it is stamped.</summary>
public sealed record X12Envelope(
    string SenderId,
    string ReceiverId,
    long InterchangeControlNumber,
    DateTimeOffset CreatedAt,
    bool Production = false,
    string SenderQualifier = "ZZ",
    string ReceiverQualifier = "ZZ");

/// <summary>
/// Writes one interchange with one functional group and its transaction sets, counting as it goes: SE01 is the
/// number of segments from ST to SE, GE01 the number of transaction sets, IEA01 the number of groups (1), and the
/// control numbers of each header and trailer match. Element values are cleaned of the delimiters.
/// </summary>
public sealed class X12Writer
{
    private readonly StringBuilder _text = new();
    private readonly X12Delimiters _d;
    private readonly X12Envelope _envelope;
    private readonly string _functionalId;
    private readonly string _version;
    private int _transactions;
    private int _segmentsInTransaction;
    private string? _transactionControl;
    private bool _finished;

    public X12Writer(X12Envelope envelope, string functionalId, string version, X12Delimiters? delimiters = null)
    {
        _d = delimiters ?? X12Delimiters.Default;
        _envelope = envelope;
        _functionalId = functionalId;
        _version = version;
        var at = envelope.CreatedAt.UtcDateTime;
        var control = ControlNumber;
        _text.Append(CultureInfo.InvariantCulture,
            $"ISA{_d.Element}00{_d.Element}{"",10}{_d.Element}00{_d.Element}{"",10}{_d.Element}{envelope.SenderQualifier,-2}{_d.Element}{Fixed(envelope.SenderId, 15)}"
            + $"{_d.Element}{envelope.ReceiverQualifier,-2}{_d.Element}{Fixed(envelope.ReceiverId, 15)}{_d.Element}{at:yyMMdd}{_d.Element}{at:HHmm}"
            + $"{_d.Element}{_d.Repetition}{_d.Element}00501{_d.Element}{control}{_d.Element}0{_d.Element}{(envelope.Production ? 'P' : 'T')}{_d.Element}{_d.Component}{_d.Segment}\n");
        Segment("GS", functionalId, envelope.SenderId.Trim(), envelope.ReceiverId.Trim(), at.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            at.ToString("HHmm", CultureInfo.InvariantCulture), GroupControlNumber, "X", version);
    }

    /// <summary>ISA13 / IEA02: the interchange control number, nine digits.</summary>
    public string ControlNumber => (_envelope.InterchangeControlNumber % 1_000_000_000).ToString("000000000", CultureInfo.InvariantCulture);

    /// <summary>GS06 / GE02.</summary>
    public string GroupControlNumber => (_envelope.InterchangeControlNumber % 1_000_000_000).ToString(CultureInfo.InvariantCulture);

    public X12Delimiters Delimiters => _d;

    public void BeginTransaction(string code)
    {
        if (_transactionControl is not null)
        {
            throw new InvalidOperationException("End the open transaction set first.");
        }

        _transactions++;
        _transactionControl = _transactions.ToString("0000", CultureInfo.InvariantCulture);
        _segmentsInTransaction = 0;
        Segment("ST", code, _transactionControl, _version);
    }

    public void EndTransaction()
    {
        var control = _transactionControl ?? throw new InvalidOperationException("No transaction set is open.");
        Segment("SE", (_segmentsInTransaction + 1).ToString(CultureInfo.InvariantCulture), control);
        _transactionControl = null;
    }

    /// <summary>Writes a segment; trailing empty elements are dropped.</summary>
    public void Segment(string id, params string?[] elements)
    {
        var last = elements.Length;
        while (last > 0 && string.IsNullOrEmpty(elements[last - 1]))
        {
            last--;
        }

        _text.Append(id);
        for (var i = 0; i < last; i++)
        {
            _text.Append(_d.Element).Append(Clean(elements[i], keepComponents: true));
        }

        _text.Append(_d.Segment).Append('\n');
        if (_transactionControl is not null)
        {
            _segmentsInTransaction++;
        }
    }

    /// <summary>A composite element: <c>HC:T1016:U8:GQ</c>; trailing empty components are dropped.</summary>
    public string Composite(params string?[] components)
    {
        var last = components.Length;
        while (last > 0 && string.IsNullOrEmpty(components[last - 1]))
        {
            last--;
        }

        return string.Join(ComponentMark, components.Take(last).Select(c => Clean(c, keepComponents: false)));
    }

    public string Finish()
    {
        if (!_finished)
        {
            if (_transactionControl is not null)
            {
                EndTransaction();
            }

            Segment("GE", _transactions.ToString(CultureInfo.InvariantCulture), GroupControlNumber);
            Segment("IEA", "1", ControlNumber);
            _finished = true;
        }

        return _text.ToString();
    }

    public static string Amount(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Date(DateOnly value) => value.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>Marks component boundaries of a composite until the segment is written.</summary>
    private const char ComponentMark = '\u001F';

    /// <summary>Replaces delimiters inside a value with spaces; a composite built by <see cref="Composite"/> gets its
    /// component separators.</summary>
    private string Clean(string? value, bool keepComponents)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c == ComponentMark && keepComponents)
            {
                sb.Append(_d.Component);
                continue;
            }

            sb.Append(c == _d.Element || c == _d.Component || c == _d.Segment || (c == _d.Repetition && c != '\0') || char.IsControl(c) ? ' ' : c);
        }

        return sb.ToString().Trim();
    }

    private static string Fixed(string value, int width) => value.Length >= width ? value[..width] : value.PadRight(width);
}
