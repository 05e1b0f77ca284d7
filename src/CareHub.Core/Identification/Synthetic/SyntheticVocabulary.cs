namespace CareHub.Identification.Synthetic;

/// <summary>Names, places and codes the generator draws from. Invented or common values only.</summary>
internal static class SyntheticVocabulary
{
    public static readonly string[] FemaleNames =
    [
        "Maria", "Guadalupe", "Jennifer", "Jessica", "Ashley", "Emily", "Sofia", "Isabella", "Camila", "Valeria",
        "Linda", "Patricia", "Elizabeth", "Susan", "Karen", "Nancy", "Lisa", "Angela", "Michelle", "Kimberly",
        "Mei", "Linh", "Thi", "Jasmine", "Aaliyah", "Destiny", "Keisha", "Tamika", "Leilani", "Malia",
        "Rosa", "Carmen", "Ana", "Veronica", "Yesenia", "Diana", "Brenda", "Alejandra", "Monica", "Claudia",
    ];

    public static readonly string[] MaleNames =
    [
        "Jose", "Juan", "Luis", "Carlos", "Jesus", "Miguel", "Daniel", "David", "Anthony", "Christopher",
        "Michael", "James", "Robert", "John", "William", "Richard", "Joseph", "Thomas", "Charles", "Kevin",
        "Wei", "Minh", "Duc", "Jamal", "Darnell", "Marcus", "Tyrone", "Keanu", "Kai", "Makoa",
        "Francisco", "Ricardo", "Eduardo", "Fernando", "Alejandro", "Javier", "Oscar", "Manuel", "Ramon", "Victor",
    ];

    public static readonly string[] LastNames =
    [
        "Garcia", "Hernandez", "Lopez", "Martinez", "Gonzalez", "Rodriguez", "Sanchez", "Ramirez", "Torres", "Flores",
        "Rivera", "Gomez", "Diaz", "Reyes", "Cruz", "Morales", "Ortiz", "Gutierrez", "Chavez", "Ramos",
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
        "Thomas", "Moore", "Jackson", "White", "Harris", "Martin", "Thompson", "Robinson", "Clark", "Lewis",
        "Nguyen", "Tran", "Le", "Pham", "Kim", "Lee", "Park", "Chen", "Wang", "Liu",
        "Santos", "Bautista", "Villanueva", "Washington", "Jefferson", "Kealoha", "Kahale", "Begay", "Yazzie", "Tsosie",
    ];

    public static readonly (string County, double Weight, string[] Networks, string City)[] Counties =
    [
        ("Los Angeles", 40, ["Direct Network", "Harbor Medical Group", "Valley IPA", "Eastside Health Partners"], "Los Angeles"),
        ("San Diego", 12, ["Direct Network", "Coastal Health Partners", "Border Community IPA"], "San Diego"),
        ("Orange", 10, ["Direct Network", "Pacific Medical Group", "Santa Ana Community IPA"], "Santa Ana"),
        ("Riverside", 9, ["Direct Network", "Inland Physicians Group"], "Riverside"),
        ("San Bernardino", 9, ["Direct Network", "Inland Physicians Group", "High Desert IPA"], "San Bernardino"),
        ("Sacramento", 6, ["Direct Network", "Capitol Health Partners"], "Sacramento"),
        ("Fresno", 6, ["Direct Network", "Central Valley Medical Group"], "Fresno"),
        ("Alameda", 8, ["Direct Network", "East Bay Community IPA", "Oakland Health Partners"], "Oakland"),
    ];

    public static readonly (string Race, double Weight)[] Races =
    [
        ("white", 22), ("black", 9), ("asian", 11), ("american-indian-alaska-native", 1.2), ("pacific-islander", 0.8),
        ("multiracial", 3), ("other", 38), ("unknown", 15),
    ];

    public static readonly string[] AidCodes = ["M1", "1H", "7U", "3D", "30", "34", "10", "60", "C1"];

    public static readonly string[] CommonDiagnoses = ["I10", "E78.5", "M54.50", "J06.9", "Z00.00", "K21.9", "J45.909", "E66.9", "R51.9", "N39.0"];

    public static readonly string[] ChronicAdultDiagnoses = ["I10", "E78.5", "E11.9", "J44.9", "M54.50", "I50.9", "N18.3"];

    public static readonly string[] EdDiagnoses = ["R07.9", "R10.9", "S09.90XA", "J18.9", "N39.0", "R55", "S93.401A", "J45.901", "K52.9", "R50.9"];

    public static readonly string[] SmiDiagnoses = ["F20.9", "F31.9", "F33.9", "F32.9", "F43.10"];

    public static readonly string[] SudDiagnoses = ["F10.20", "F11.10", "F19.20"];

    public static readonly string[] PregnancyDiagnoses = ["Z34.90", "O09.90"];

    public const string Homeless = "Z59.00";

    /// <summary>Display-only SNOMED codes for unlisted ICD-10 codes in the Synthea output (not read as diagnoses).</summary>
    public static readonly IReadOnlyDictionary<string, (string Snomed, string Description)> OtherSnomed =
        new Dictionary<string, (string, string)>(StringComparer.Ordinal)
        {
            ["I10"] = ("59621000", "Essential hypertension"),
            ["E78.5"] = ("55822004", "Hyperlipidemia"),
            ["J45.909"] = ("195967001", "Asthma"),
            ["M54.50"] = ("279039007", "Low back pain"),
            ["J06.9"] = ("54150009", "Upper respiratory infection"),
            ["J18.9"] = ("233604007", "Pneumonia"),
            ["R07.9"] = ("29857009", "Chest pain"),
            ["N39.0"] = ("68566005", "Urinary tract infection"),
            ["J44.9"] = ("13645005", "Chronic obstructive lung disease"),
            ["I50.9"] = ("84114007", "Heart failure"),
        };
}
