using System.Buffers;
using System.Collections;
using System.Text.Encodings.Web;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using FhirTask = Hl7.Fhir.Model.Task;
using LinqExpression = System.Linq.Expressions.Expression;

namespace CareHub.Web.Features.Fhir;

/// <summary>
/// Writes FHIR resources as JSON, the same bytes as Firely's serializer (<see cref="Firely"/>). The resources the API
/// sends most, search Bundles of Patients and Tasks, are written straight from their properties, several times faster
/// than Firely's serializer, which walks every element through its model and was a quarter to a third of the CPU a
/// FHIR search took. Only the elements CareHub's mappings set are known here: a resource with any other element set (an
/// extension, a narrative, an element id, another resource type) is written by Firely's serializer, so nothing is
/// ever left out.
/// </summary>
public static class FhirJsonWriter
{
    /// <summary>Firely's serializer: the reference for every byte written here, and the writer of everything else.</summary>
    public static readonly JsonSerializerOptions Firely = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    /// <summary>Firely writes strings with the relaxed escaping (quotes, backslashes, control characters, U+2028/9 and
    /// characters outside the basic plane are escaped; HTML characters and other non-ASCII text are not).</summary>
    private static readonly JsonWriterOptions _options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The resource as UTF-8 JSON.</summary>
    public static ReadOnlyMemory<byte> ToUtf8(Resource resource)
    {
        var scratch = new Scratch();
        var top = scratch.Top();
        if (Known(top, resource, scratch))
        {
            top.Flush();
            return scratch.TopBuffer.WrittenMemory;
        }

        return JsonSerializer.SerializeToUtf8Bytes(resource, resource.GetType(), Firely);
    }

    /// <summary>The resource as JSON text.</summary>
    public static string ToJson(Resource resource) => System.Text.Encoding.UTF8.GetString(ToUtf8(resource).Span);

    /// <summary>Whether the resource is written here rather than by Firely's serializer.</summary>
    internal static bool WritesDirectly(Resource resource)
    {
        var scratch = new Scratch();
        return Known(scratch.Top(), resource, scratch);
    }

    /// <summary>Writes a resource this class knows; false (with the output to throw away) for anything else.</summary>
    private static bool Known(Utf8JsonWriter w, Resource resource, Scratch scratch) => resource switch
    {
        Bundle b => Resource(w, Shapes.Bundle, b, (w, b) => Bundle(w, b, scratch)),
        Patient p => Resource(w, Shapes.Patient, p, Patient),
        FhirTask t => Resource(w, Shapes.Task, t, Task),
        _ => false,
    };

    /// <summary>A resource inside a Bundle: written here when known, else by Firely's serializer.</summary>
    private static void Entry(Utf8JsonWriter w, Resource resource, Scratch scratch)
    {
        var inner = scratch.Inner();
        if (resource is not Hl7.Fhir.Model.Bundle && Known(inner, resource, scratch))
        {
            inner.Flush();
            w.WriteRawValue(scratch.InnerBuffer.WrittenSpan, skipInputValidation: true);
            return;
        }

        JsonSerializer.Serialize(w, resource, resource.GetType(), Firely);
    }

    /// <summary>A resource's object: its type, then its elements.</summary>
    private static bool Resource<T>(Utf8JsonWriter w, Shape shape, T resource, Func<Utf8JsonWriter, T, bool> elements)
        where T : Resource
    {
        if (!shape.OnlyWritten(resource))
        {
            return false;
        }

        w.WriteStartObject();
        w.WriteString(N.ResourceType, resource.TypeName);
        if (!elements(w, resource))
        {
            return false;
        }

        w.WriteEndObject();
        return true;
    }

    private static bool Bundle(Utf8JsonWriter w, Bundle b, Scratch scratch)
    {
        var ok = Primitive(w, N.Id, b.IdElement) && Object(w, N.Meta, b.Meta, Meta) && Primitive(w, N.Type, b.TypeElement)
            && Primitive(w, N.Total, b.TotalElement) && List(w, N.Link, b.Link, Link);
        if (!ok)
        {
            return false;
        }

        if (b.Entry.Count > 0)
        {
            w.WriteStartArray(N.Entry);
            foreach (var e in b.Entry)
            {
                if (!Shapes.Entry.OnlyWritten(e) || !Start(w, out var start) || !Primitive(w, N.FullUrl, e.FullUrlElement))
                {
                    return false;
                }

                if (e.Resource is { } resource)
                {
                    w.WritePropertyName(N.Resource);
                    Entry(w, resource, scratch);
                }

                if (!Object(w, N.Search, e.Search, Search) || !End(w, start))
                {
                    return false;
                }
            }

            w.WriteEndArray();
        }

        return true;
    }

    private static bool Link(Utf8JsonWriter w, Bundle.LinkComponent l) =>
        Shapes.Link.OnlyWritten(l) && Primitive(w, N.Relation, l.RelationElement) && Primitive(w, N.Url, l.UrlElement);

    private static bool Search(Utf8JsonWriter w, Bundle.SearchComponent s) =>
        Shapes.Search.OnlyWritten(s) && Primitive(w, N.Mode, s.ModeElement);

    private static bool Patient(Utf8JsonWriter w, Patient p) =>
        Primitive(w, N.Id, p.IdElement) && Object(w, N.Meta, p.Meta, Meta) && List(w, N.Identifier, p.Identifier, Identifier)
        && Primitive(w, N.Active, p.ActiveElement) && List(w, N.Name, p.Name, HumanName) && List(w, N.Telecom, p.Telecom, ContactPoint)
        && Primitive(w, N.Gender, p.GenderElement) && Primitive(w, N.BirthDate, p.BirthDateElement)
        && Choice(w, p.Deceased, N.DeceasedBoolean, N.DeceasedDateTime, N.DeceasedDate)
        && List(w, N.Address, p.Address, Address) && List(w, N.Communication, p.Communication, Communication)
        && Object(w, N.ManagingOrganization, p.ManagingOrganization, Reference);

    private static bool Communication(Utf8JsonWriter w, Patient.CommunicationComponent c) =>
        Shapes.Communication.OnlyWritten(c) && Object(w, N.Language, c.Language, CodeableConcept) && Primitive(w, N.Preferred, c.PreferredElement);

    private static bool Task(Utf8JsonWriter w, FhirTask t) =>
        Primitive(w, N.Id, t.IdElement) && Object(w, N.Meta, t.Meta, Meta) && Primitive(w, N.Status, t.StatusElement)
        && Object(w, N.StatusReason, t.StatusReason, CodeableConcept) && Object(w, N.BusinessStatus, t.BusinessStatus, CodeableConcept)
        && Primitive(w, N.Intent, t.IntentElement) && Primitive(w, N.Priority, t.PriorityElement)
        && Object(w, N.Code, t.Code, CodeableConcept) && Primitive(w, N.Description, t.DescriptionElement)
        && Object(w, N.Focus, t.Focus, Reference) && Object(w, N.For, t.For, Reference)
        && Primitive(w, N.AuthoredOn, t.AuthoredOnElement) && Primitive(w, N.LastModified, t.LastModifiedElement)
        && Object(w, N.Requester, t.Requester, Reference) && Object(w, N.Owner, t.Owner, Reference)
        && List(w, N.Output, t.Output, Output);

    private static bool Output(Utf8JsonWriter w, FhirTask.OutputComponent o) =>
        Shapes.Output.OnlyWritten(o) && Object(w, N.Type, o.Type, CodeableConcept) && o.Value switch
        {
            null => true,
            CodeableConcept c => Object(w, N.ValueCodeableConcept, c, CodeableConcept),
            FhirString s => Primitive(w, N.ValueString, s),
            _ => false,
        };

    private static bool Meta(Utf8JsonWriter w, Meta m) =>
        Shapes.Meta.OnlyWritten(m) && Primitive(w, N.VersionId, m.VersionIdElement) && Primitive(w, N.LastUpdated, m.LastUpdatedElement)
        && Primitive(w, N.Source, m.SourceElement) && Primitives(w, N.Profile, m.ProfileElement);

    private static bool Identifier(Utf8JsonWriter w, Identifier i) =>
        Shapes.Identifier.OnlyWritten(i) && Primitive(w, N.Use, i.UseElement) && Primitive(w, N.System, i.SystemElement)
        && Primitive(w, N.Value, i.ValueElement);

    private static bool HumanName(Utf8JsonWriter w, HumanName n) =>
        Shapes.HumanName.OnlyWritten(n) && Primitive(w, N.Use, n.UseElement) && Primitive(w, N.Text, n.TextElement)
        && Primitive(w, N.Family, n.FamilyElement) && Primitives(w, N.Given, n.GivenElement);

    private static bool ContactPoint(Utf8JsonWriter w, ContactPoint c) =>
        Shapes.ContactPoint.OnlyWritten(c) && Primitive(w, N.System, c.SystemElement) && Primitive(w, N.Value, c.ValueElement)
        && Primitive(w, N.Use, c.UseElement);

    private static bool Address(Utf8JsonWriter w, Address a) =>
        Shapes.Address.OnlyWritten(a) && Primitive(w, N.Use, a.UseElement) && Primitive(w, N.Type, a.TypeElement)
        && Primitive(w, N.Text, a.TextElement) && Primitives(w, N.Line, a.LineElement) && Primitive(w, N.City, a.CityElement)
        && Primitive(w, N.District, a.DistrictElement) && Primitive(w, N.State, a.StateElement)
        && Primitive(w, N.PostalCode, a.PostalCodeElement) && Primitive(w, N.Country, a.CountryElement);

    private static bool CodeableConcept(Utf8JsonWriter w, CodeableConcept c) =>
        Shapes.CodeableConcept.OnlyWritten(c) && List(w, N.Coding, c.Coding, Coding) && Primitive(w, N.Text, c.TextElement);

    private static bool Coding(Utf8JsonWriter w, Coding c) =>
        Shapes.Coding.OnlyWritten(c) && Primitive(w, N.System, c.SystemElement) && Primitive(w, N.Version, c.VersionElement)
        && Primitive(w, N.Code, c.CodeElement) && Primitive(w, N.Display, c.DisplayElement)
        && Primitive(w, N.UserSelected, c.UserSelectedElement);

    private static bool Reference(Utf8JsonWriter w, ResourceReference r) =>
        Shapes.Reference.OnlyWritten(r) && Primitive(w, N.Reference, r.ReferenceElement) && Primitive(w, N.Type, r.TypeElement)
        && Primitive(w, N.Display, r.DisplayElement);

    /// <summary>A primitive element: its JSON value, nothing when it has none; false when it carries more than its value
    /// or a value that is not a string, a boolean or an integer.</summary>
    private static bool Primitive(Utf8JsonWriter w, JsonEncodedText name, PrimitiveType? p)
    {
        if (p is null)
        {
            return true;
        }

        if (!ValueOnly(p))
        {
            return false;
        }

        switch (p.JsonValue)
        {
            case null:
                return true;
            case string s:
                w.WriteString(name, s);
                return true;
            case bool b:
                w.WriteBoolean(name, b);
                return true;
            case int i:
                w.WriteNumber(name, i);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Whether a primitive carries nothing but its value: no id or extensions (which Firely writes as
    /// <c>_name</c>).</summary>
    private static bool ValueOnly(PrimitiveType p) => p.ElementId is null && p.Extension.Count == 0 && !p.HasOverflow;

    /// <summary>A repeating primitive element whose items all have a string value and nothing else.</summary>
    private static bool Primitives<T>(Utf8JsonWriter w, JsonEncodedText name, List<T> items)
        where T : PrimitiveType
    {
        if (items.Count == 0)
        {
            return true;
        }

        w.WriteStartArray(name);
        foreach (var p in items)
        {
            if (!ValueOnly(p) || p.JsonValue is not string s)
            {
                return false;
            }

            w.WriteStringValue(s);
        }

        w.WriteEndArray();
        return true;
    }

    /// <summary>A choice element of a primitive type (<c>deceased[x]</c>), named by its type.</summary>
    private static bool Choice(Utf8JsonWriter w, DataType? value, JsonEncodedText asBoolean, JsonEncodedText asDateTime, JsonEncodedText asDate) => value switch
    {
        null => true,
        FhirBoolean b => Primitive(w, asBoolean, b),
        FhirDateTime d => Primitive(w, asDateTime, d),
        Date d => Primitive(w, asDate, d),
        _ => false,
    };

    private static bool Object<T>(Utf8JsonWriter w, JsonEncodedText name, T? value, Func<Utf8JsonWriter, T, bool> body)
        where T : Base
    {
        if (value is null)
        {
            return true;
        }

        w.WritePropertyName(name);
        return Start(w, out var start) && body(w, value) && End(w, start);
    }

    private static bool List<T>(Utf8JsonWriter w, JsonEncodedText name, List<T> items, Func<Utf8JsonWriter, T, bool> body)
        where T : Base
    {
        if (items.Count == 0)
        {
            return true;
        }

        w.WriteStartArray(name);
        foreach (var item in items)
        {
            if (item is null || !Start(w, out var start) || !body(w, item) || !End(w, start))
            {
                return false;
            }
        }

        w.WriteEndArray();
        return true;
    }

    /// <summary>Opens an object and notes where its content starts.</summary>
    private static bool Start(Utf8JsonWriter w, out long start)
    {
        w.WriteStartObject();
        start = w.BytesCommitted + w.BytesPending;
        return true;
    }

    /// <summary>Closes an object; false for an empty one, which Firely leaves out (with its name) instead.</summary>
    private static bool End(Utf8JsonWriter w, long start)
    {
        if (w.BytesCommitted + w.BytesPending == start)
        {
            return false;
        }

        w.WriteEndObject();
        return true;
    }

    /// <summary>The buffers of one response: the resource, and the resource of the entry being written.</summary>
    private sealed class Scratch
    {
        private Utf8JsonWriter? _top;
        private Utf8JsonWriter? _inner;

        public ArrayBufferWriter<byte> TopBuffer { get; } = new(16 * 1024);

        public ArrayBufferWriter<byte> InnerBuffer { get; } = new(4 * 1024);

        public Utf8JsonWriter Top() => _top ??= new Utf8JsonWriter(TopBuffer, _options);

        public Utf8JsonWriter Inner()
        {
            InnerBuffer.ResetWrittenCount();
            if (_inner is null)
            {
                _inner = new Utf8JsonWriter(InnerBuffer, _options);
            }
            else
            {
                _inner.Reset(InnerBuffer);
            }

            return _inner;
        }
    }

    /// <summary>
    /// For each type written here, the elements it does not write, read from Firely's model of the type: all of them
    /// must be empty for the fast path to be taken.
    /// </summary>
    private sealed class Shape
    {
        private readonly Func<object, object?>[] _others;

        private Shape(Type type, string[] written)
        {
            var mapping = ModelInfo.ModelInspector.FindOrImportClassMapping(type)
                ?? throw new InvalidOperationException($"{type.Name} is not a FHIR type.");
            _others = [.. mapping.PropertyMappings.Where(p => !written.Contains(p.Name)).Select(p => Getter(type, p.NativeProperty ?? throw new InvalidOperationException($"{type.Name}.{p.Name} has no property.")))];
        }

        public static Shape Of<T>(params string[] written) => new(typeof(T), written);

        public bool OnlyWritten(Base value)
        {
            if (value.HasOverflow)
            {
                return false;
            }

            foreach (var other in _others)
            {
                if (other(value) is { } set && set is not ICollection { Count: 0 })
                {
                    return false;
                }
            }

            return true;
        }

        private static Func<object, object?> Getter(Type type, System.Reflection.PropertyInfo property)
        {
            var value = LinqExpression.Parameter(typeof(object));
            var read = LinqExpression.Property(LinqExpression.Convert(value, type), property);
            return LinqExpression.Lambda<Func<object, object?>>(LinqExpression.Convert(read, typeof(object)), value).Compile();
        }
    }

    private static class Shapes
    {
        public static readonly Shape Bundle = Shape.Of<Bundle>("id", "meta", "type", "total", "link", "entry");
        public static readonly Shape Link = Shape.Of<Bundle.LinkComponent>("relation", "url");
        public static readonly Shape Entry = Shape.Of<Bundle.EntryComponent>("fullUrl", "resource", "search");
        public static readonly Shape Search = Shape.Of<Bundle.SearchComponent>("mode");
        public static readonly Shape Patient = Shape.Of<Patient>("id", "meta", "identifier", "active", "name", "telecom", "gender",
            "birthDate", "deceased", "address", "communication", "managingOrganization");
        public static readonly Shape Communication = Shape.Of<Patient.CommunicationComponent>("language", "preferred");
        public static readonly Shape Task = Shape.Of<FhirTask>("id", "meta", "status", "statusReason", "businessStatus", "intent",
            "priority", "code", "description", "focus", "for", "authoredOn", "lastModified", "requester", "owner", "output");
        public static readonly Shape Output = Shape.Of<FhirTask.OutputComponent>("type", "value");
        public static readonly Shape Meta = Shape.Of<Meta>("versionId", "lastUpdated", "source", "profile");
        public static readonly Shape Identifier = Shape.Of<Identifier>("use", "system", "value");
        public static readonly Shape HumanName = Shape.Of<HumanName>("use", "text", "family", "given");
        public static readonly Shape ContactPoint = Shape.Of<ContactPoint>("system", "value", "use");
        public static readonly Shape Address = Shape.Of<Address>("use", "type", "text", "line", "city", "district", "state",
            "postalCode", "country");
        public static readonly Shape CodeableConcept = Shape.Of<CodeableConcept>("coding", "text");
        public static readonly Shape Coding = Shape.Of<Coding>("system", "version", "code", "display", "userSelected");
        public static readonly Shape Reference = Shape.Of<ResourceReference>("reference", "type", "display");
    }

    /// <summary>The property names, encoded once.</summary>
    private static class N
    {
        public static readonly JsonEncodedText ResourceType = JsonEncodedText.Encode("resourceType");
        public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
        public static readonly JsonEncodedText Meta = JsonEncodedText.Encode("meta");
        public static readonly JsonEncodedText VersionId = JsonEncodedText.Encode("versionId");
        public static readonly JsonEncodedText LastUpdated = JsonEncodedText.Encode("lastUpdated");
        public static readonly JsonEncodedText Source = JsonEncodedText.Encode("source");
        public static readonly JsonEncodedText Profile = JsonEncodedText.Encode("profile");
        public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
        public static readonly JsonEncodedText Total = JsonEncodedText.Encode("total");
        public static readonly JsonEncodedText Link = JsonEncodedText.Encode("link");
        public static readonly JsonEncodedText Relation = JsonEncodedText.Encode("relation");
        public static readonly JsonEncodedText Url = JsonEncodedText.Encode("url");
        public static readonly JsonEncodedText Entry = JsonEncodedText.Encode("entry");
        public static readonly JsonEncodedText FullUrl = JsonEncodedText.Encode("fullUrl");
        public static readonly JsonEncodedText Resource = JsonEncodedText.Encode("resource");
        public static readonly JsonEncodedText Search = JsonEncodedText.Encode("search");
        public static readonly JsonEncodedText Mode = JsonEncodedText.Encode("mode");
        public static readonly JsonEncodedText Identifier = JsonEncodedText.Encode("identifier");
        public static readonly JsonEncodedText Active = JsonEncodedText.Encode("active");
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
        public static readonly JsonEncodedText Telecom = JsonEncodedText.Encode("telecom");
        public static readonly JsonEncodedText Gender = JsonEncodedText.Encode("gender");
        public static readonly JsonEncodedText BirthDate = JsonEncodedText.Encode("birthDate");
        public static readonly JsonEncodedText DeceasedBoolean = JsonEncodedText.Encode("deceasedBoolean");
        public static readonly JsonEncodedText DeceasedDateTime = JsonEncodedText.Encode("deceasedDateTime");
        public static readonly JsonEncodedText DeceasedDate = JsonEncodedText.Encode("deceasedDate");
        public static readonly JsonEncodedText Address = JsonEncodedText.Encode("address");
        public static readonly JsonEncodedText Communication = JsonEncodedText.Encode("communication");
        public static readonly JsonEncodedText Language = JsonEncodedText.Encode("language");
        public static readonly JsonEncodedText Preferred = JsonEncodedText.Encode("preferred");
        public static readonly JsonEncodedText ManagingOrganization = JsonEncodedText.Encode("managingOrganization");
        public static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
        public static readonly JsonEncodedText StatusReason = JsonEncodedText.Encode("statusReason");
        public static readonly JsonEncodedText BusinessStatus = JsonEncodedText.Encode("businessStatus");
        public static readonly JsonEncodedText Intent = JsonEncodedText.Encode("intent");
        public static readonly JsonEncodedText Priority = JsonEncodedText.Encode("priority");
        public static readonly JsonEncodedText Code = JsonEncodedText.Encode("code");
        public static readonly JsonEncodedText Description = JsonEncodedText.Encode("description");
        public static readonly JsonEncodedText Focus = JsonEncodedText.Encode("focus");
        public static readonly JsonEncodedText For = JsonEncodedText.Encode("for");
        public static readonly JsonEncodedText AuthoredOn = JsonEncodedText.Encode("authoredOn");
        public static readonly JsonEncodedText LastModified = JsonEncodedText.Encode("lastModified");
        public static readonly JsonEncodedText Requester = JsonEncodedText.Encode("requester");
        public static readonly JsonEncodedText Owner = JsonEncodedText.Encode("owner");
        public static readonly JsonEncodedText Output = JsonEncodedText.Encode("output");
        public static readonly JsonEncodedText ValueCodeableConcept = JsonEncodedText.Encode("valueCodeableConcept");
        public static readonly JsonEncodedText ValueString = JsonEncodedText.Encode("valueString");
        public static readonly JsonEncodedText Use = JsonEncodedText.Encode("use");
        public static readonly JsonEncodedText System = JsonEncodedText.Encode("system");
        public static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
        public static readonly JsonEncodedText Text = JsonEncodedText.Encode("text");
        public static readonly JsonEncodedText Family = JsonEncodedText.Encode("family");
        public static readonly JsonEncodedText Given = JsonEncodedText.Encode("given");
        public static readonly JsonEncodedText Line = JsonEncodedText.Encode("line");
        public static readonly JsonEncodedText City = JsonEncodedText.Encode("city");
        public static readonly JsonEncodedText District = JsonEncodedText.Encode("district");
        public static readonly JsonEncodedText State = JsonEncodedText.Encode("state");
        public static readonly JsonEncodedText PostalCode = JsonEncodedText.Encode("postalCode");
        public static readonly JsonEncodedText Country = JsonEncodedText.Encode("country");
        public static readonly JsonEncodedText Coding = JsonEncodedText.Encode("coding");
        public static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
        public static readonly JsonEncodedText Display = JsonEncodedText.Encode("display");
        public static readonly JsonEncodedText UserSelected = JsonEncodedText.Encode("userSelected");
        public static readonly JsonEncodedText Reference = JsonEncodedText.Encode("reference");
    }
}
