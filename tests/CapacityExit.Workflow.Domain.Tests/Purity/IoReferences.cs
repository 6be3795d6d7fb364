using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace CapacityExit.Workflow.Domain.Tests.Purity;

/// <summary>
/// Lists what an assembly's metadata references that reaches files or the network: any use of such a type or
/// member, however deep in a method body, leaves a type reference (or a member reference on one) in the metadata.
/// </summary>
public static class IoReferences
{
    /// <summary>System.IO types that open, read, write or list files and folders. Path (string work only), streams and readers over memory are fine.</summary>
    private static readonly HashSet<string> FileTypes =
    [
        "System.IO.File", "System.IO.FileInfo", "System.IO.Directory", "System.IO.DirectoryInfo", "System.IO.FileSystemInfo",
        "System.IO.FileStream", "System.IO.FileSystemWatcher", "System.IO.DriveInfo", "System.IO.RandomAccess",
        "System.IO.FileStreamOptions", "System.IO.Enumeration.FileSystemEnumerable`1",
    ];

    /// <summary>Types whose constructors open a file when their first argument is a path.</summary>
    private static readonly HashSet<string> PathOpeningReaders = ["System.IO.StreamReader", "System.IO.StreamWriter"];

    private static readonly string[] ForbiddenNamespaces = ["System.Net", "System.IO.Pipes", "System.IO.MemoryMappedFiles", "System.IO.IsolatedStorage"];

    public static IReadOnlyList<string> Find(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var handle in md.TypeReferences)
        {
            var name = FullName(md, md.GetTypeReference(handle));
            var ns = md.GetString(md.GetTypeReference(handle).Namespace);
            if (FileTypes.Contains(name) || ForbiddenNamespaces.Any(f => ns == f || ns.StartsWith(f + ".", StringComparison.Ordinal)))
            {
                found.Add(name);
            }
        }

        foreach (var handle in md.MemberReferences)
        {
            var member = md.GetMemberReference(handle);
            if (member.Parent.Kind == HandleKind.TypeReference
                && PathOpeningReaders.Contains(FullName(md, md.GetTypeReference((TypeReferenceHandle)member.Parent)))
                && md.GetString(member.Name) == ".ctor"
                && FirstParameterIsString(md.GetBlobReader(member.Signature)))
            {
                found.Add(FullName(md, md.GetTypeReference((TypeReferenceHandle)member.Parent)) + "(string path, ...)");
            }
        }

        return found.ToList();
    }

    private static string FullName(MetadataReader md, TypeReference type) =>
        type.ResolutionScope.Kind == HandleKind.TypeReference
            ? FullName(md, md.GetTypeReference((TypeReferenceHandle)type.ResolutionScope)) + "+" + md.GetString(type.Name)
            : md.GetString(type.Namespace) + "." + md.GetString(type.Name);

    /// <summary>A method signature blob: header, parameter count, return type, then the first parameter's type.</summary>
    private static bool FirstParameterIsString(BlobReader signature)
    {
        var header = signature.ReadSignatureHeader();
        if (header.IsGeneric)
        {
            signature.ReadCompressedInteger();
        }

        if (signature.ReadCompressedInteger() == 0)
        {
            return false;
        }

        // Constructors return void (a single byte); the first parameter follows.
        return signature.ReadSignatureTypeCode() == SignatureTypeCode.Void && signature.ReadSignatureTypeCode() == SignatureTypeCode.String;
    }
}
