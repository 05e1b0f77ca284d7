namespace CareHub.Exchange;

/// <summary>The four delimiters of an X12 interchange, read from its ISA segment.</summary>
public sealed record X12Delimiters(char Element, char Component, char Repetition, char Segment)
{
    /// <summary>The usual delimiters: <c>*</c>, <c>:</c>, <c>^</c> and <c>~</c>.</summary>
    public static readonly X12Delimiters Default = new('*', ':', '^', '~');
}

/// <summary>
/// One segment: its 1-based position in the interchange (<see cref="Number"/>), its id (ISA, CLM, ...) and its
/// elements. <c>this[1]</c> is the first element after the id; a missing element reads as "".
/// </summary>
public sealed record X12Segment(int Number, string Id, IReadOnlyList<string> Elements, X12Delimiters Delimiters)
{
    public string this[int position] => position >= 1 && position <= Elements.Count ? Elements[position - 1] : "";

    /// <summary>Component <paramref name="component"/> (1-based) of element <paramref name="position"/>.</summary>
    public string Component(int position, int component)
    {
        var parts = this[position].Split(Delimiters.Component);
        return component >= 1 && component <= parts.Length ? parts[component - 1] : "";
    }

    /// <summary>All components of element <paramref name="position"/>.</summary>
    public IReadOnlyList<string> Components(int position) => this[position].Split(Delimiters.Component);

    /// <summary>The segment as written, for error messages: <c>CLM*A1*150***12:B:1</c>.</summary>
    public string Text => Elements.Count == 0 ? Id : $"{Id}{Delimiters.Element}{string.Join(Delimiters.Element, Elements)}";

    public override string ToString() => Text;
}

/// <summary>What is wrong with a file, naming the segment: its number in the interchange, its text and the problem.</summary>
public sealed record X12Error(int SegmentNumber, string Segment, string Message)
{
    public override string ToString() => SegmentNumber > 0 ? $"Segment {SegmentNumber} ({Segment}): {Message}" : Message;
}

/// <summary>Thrown by the readers' internals only; the public readers return <see cref="X12Error"/> values.</summary>
internal sealed class X12FormatException(X12Error error) : Exception(error.ToString())
{
    public X12Error Error { get; } = error;
}
