namespace CareHub.Demo;

/// <summary>Fictional names and places for demo and test data. Any likeness to real people is chance.</summary>
internal static class DemoNames
{
    public static readonly string[] FirstFemale =
    [
        "Maria", "Guadalupe", "Jennifer", "Linh", "Aaliyah", "Sofia", "Keisha", "Mei", "Rosa", "Ana", "Fatima",
        "Emily", "Yesenia", "Tamika", "Priya", "Hannah", "Leticia", "Imani", "Xochitl", "Grace", "Nadia", "Olivia",
        "Veronica", "Jasmine", "Kim", "Esperanza", "Tiana", "Carmen", "Lupe", "Zoe",
    ];

    public static readonly string[] FirstMale =
    [
        "Jose", "Juan", "Michael", "Darnell", "Minh", "Luis", "James", "Carlos", "Andre", "David", "Jamal", "Hector",
        "Wei", "Robert", "Miguel", "Tyrone", "Arturo", "Daniel", "Samuel", "Omar", "Kevin", "Francisco", "Marcus",
        "Anthony", "Raul", "Tuan", "Isaiah", "Jorge", "Ethan", "Malik",
    ];

    public static readonly string[] Last =
    [
        "Garcia", "Hernandez", "Nguyen", "Johnson", "Lopez", "Martinez", "Smith", "Gonzalez", "Williams", "Rodriguez",
        "Tran", "Brown", "Perez", "Kim", "Jackson", "Sanchez", "Ramirez", "Davis", "Torres", "Flores", "Washington",
        "Rivera", "Le", "Chavez", "Pham", "Thomas", "Cruz", "Reyes", "Morales", "Wong", "Chen", "Patel", "Jones",
        "Castillo", "Ortiz", "Harris", "Vasquez", "Gutierrez", "Lee", "Robinson", "Mendoza", "Ruiz", "Alvarez",
        "Moreno", "Romero", "Vargas", "Tanaka", "Begay", "Fa'alogo", "Okafor",
    ];

    public static readonly string[] Streets =
    [
        "Main St", "Olive Ave", "Broadway", "Mission Blvd", "El Camino Real", "Cesar Chavez Ave", "Sunset Blvd",
        "Harbor Blvd", "Palm Ave", "Figueroa St", "Alvarado St", "Beach Blvd", "University Ave", "Imperial Ave",
    ];

    public static readonly string[] Languages = ["English", "English", "English", "Spanish", "Spanish", "Vietnamese", "Chinese", "Tagalog", "Korean", "Armenian"];

    public static readonly string[] RaceEthnicity =
    [
        "Hispanic or Latino", "Hispanic or Latino", "Hispanic or Latino", "White", "Black or African American",
        "Asian", "Asian", "American Indian or Alaska Native", "Native Hawaiian or Pacific Islander", "Other",
    ];
}
