using System.ComponentModel.DataAnnotations;

namespace Marketplace.Api.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations at start-up (the embedded default does; a production rollout may run the script instead).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Load the demo marketplace from seed/ when the database has no sellers.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>Where the demo seed is; empty: seed/demo beside the binaries or in the checkout.</summary>
    public string? SeedDirectory { get; set; }

    [Range(1, 3600)]
    public int CommandTimeoutSeconds { get; set; } = 30;

    /// <summary>How long one migration statement may run; an upgrade of a large catalog rewrites many rows.</summary>
    [Range(1, 86_400)]
    public int MigrationTimeoutSeconds { get; set; } = 3_600;

    /// <summary>How often SQL Server and PostgreSQL retry a transient failure (a dropped connection, a deadlock).</summary>
    [Range(0, 20)]
    public int MaxRetryCount { get; set; } = 6;

    [Range(0, 300)]
    public int MaxRetryDelaySeconds { get; set; } = 30;
}
