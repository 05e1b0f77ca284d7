using CareHub.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddCareHub();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseCareHub();
app.MapCareHub();
app.Run();

/// <summary>Public so integration tests can start the app.</summary>
public partial class Program;
