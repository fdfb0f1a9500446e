using System.Globalization;
using Azure.Data.Tables;

namespace Orquesta.Azure.Engine.Storage;

/// <summary>
/// The schema version every stored entity carries, so that a later layout can be told apart from
/// this one and read (or refused) on purpose rather than misread.
/// </summary>
internal static class StorageSchema
{
    /// <summary>The entity property that holds the version.</summary>
    public const string Property = "SchemaVersion";

    /// <summary>The version this build writes and the newest it reads.</summary>
    public const int Current = 1;

    /// <summary>Throws unless <paramref name="entity"/> was written with a schema version this build reads.</summary>
    public static void Require(TableEntity entity, string what)
    {
        var version = entity.GetInt32(Property) ?? throw new StoredDataException(what, "it has no schema version.");
        if (version is < 1 or > Current)
        {
            throw new StoredDataException(what, string.Create(
                CultureInfo.InvariantCulture,
                $"it has schema version {version}, and this build reads versions 1 to {Current}."));
        }
    }
}
