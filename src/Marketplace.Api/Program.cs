using Marketplace.Api.Data;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddMarketplaceData(builder.Configuration);
var app = builder.Build();
app.Run();

public partial class Program;
