using System.Text.RegularExpressions;

namespace CapacityExit.Workflow.Domain.Tests.Workflows;

/// <summary>
/// docs/seed-map.md keeps the product beside the five seeds: one row per clause that sets a date, a period, a recipient,
/// an approval, a list, a report, a measure or a sanction. Every file it names must exist and every test it names must be
/// a test class (or a method of one) in the test sources; a row names either where it is built and its test, or "not
/// built" with the reason, or a pending correction (rules 1–7 corrected in parallel).
/// </summary>
public sealed partial class SeedMapTests
{
    private static readonly string MapFile = Path.Combine(Repo.Root, "docs", "seed-map.md");

    [Fact]
    public void Every_file_and_test_the_seed_map_names_exists()
    {
        var rows = SeedMap.Read(File.ReadAllText(MapFile));
        var problems = SeedMap.Check(rows, Repo.Root, TestSources.Load(Path.Combine(Repo.Root, "tests")));
        Assert.True(problems.Count == 0, "docs/seed-map.md:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void The_map_has_a_row_for_well_over_forty_clauses_across_all_five_seeds()
    {
        var rows = SeedMap.Read(File.ReadAllText(MapFile));
        Assert.True(rows.Count > 40, $"{rows.Count} rows");
        Assert.Equal(["000", "001", "002", "003", "004"], rows.Select(r => r.Seed).Distinct().Order().ToArray());
        // Every seed clause named once: no row repeated word for word.
        Assert.Empty(rows.GroupBy(r => (r.Seed, r.Clause, r.Duty)).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Fact]
    public void A_missing_file_an_unknown_test_and_a_row_with_neither_are_each_named()
    {
        const string table =
            """
            | seed | clause | duty | who | period | implemented in | test |
            |---|---|---|---|---|---|---|
            | 000 | §一 | a | b | c | `workflows/profiles/nowhere.yaml` | `SeedMapTests` |
            | 001 | §二 | a | b | c | `docs/seed-map.md` | `NoSuchTestClass`, `SeedMapTests.No_such_method` |
            | 002 | §三 | a | b | c | somewhere | `SeedMapTests` |
            | 003 | §四 | a | b | c | not built: | not built |
            | 004 | §五 | a | b | c | `docs/seed-map.md` | pending: correction 9 |
            """;
        var problems = SeedMap.Check(SeedMap.Read(table), Repo.Root, TestSources.Load(Path.Combine(Repo.Root, "tests")));
        Assert.Contains(problems, p => p.Contains("000 §一") && p.Contains("workflows/profiles/nowhere.yaml"));
        Assert.Contains(problems, p => p.Contains("001 §二") && p.Contains("NoSuchTestClass"));
        Assert.Contains(problems, p => p.Contains("001 §二") && p.Contains("SeedMapTests.No_such_method"));
        Assert.Contains(problems, p => p.Contains("002 §三") && p.Contains("names no file"));
        Assert.Contains(problems, p => p.Contains("003 §四") && p.Contains("reason"));
        Assert.Contains(problems, p => p.Contains("004 §五") && p.Contains("correction 9"));
        Assert.Equal(6, problems.Count);
    }

    private sealed record Row(int Line, string Seed, string Clause, string Duty, string Who, string Period, string Implemented, string Test)
    {
        public override string ToString() => $"line {Line}: {Seed} {Clause}";
    }

    private static partial class SeedMap
    {
        public static IReadOnlyList<Row> Read(string markdown)
        {
            var rows = new List<Row>();
            var lines = markdown.ReplaceLineEndings("\n").Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (!SeedRow().IsMatch(line))
                {
                    continue;
                }

                var cells = line.Trim('|').Split(" | ").Select(c => c.Trim()).ToArray();
                Assert.True(cells.Length == 7, $"line {i + 1} has {cells.Length} cells, not 7: {line}");
                rows.Add(new Row(i + 1, cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6]));
            }

            return rows;
        }

        public static IReadOnlyList<string> Check(IReadOnlyList<Row> rows, string root, TestSources tests)
        {
            var problems = new List<string>();
            foreach (var row in rows)
            {
                var notBuilt = row.Implemented.StartsWith("not built", StringComparison.Ordinal);
                if (notBuilt && row.Implemented.Replace("not built", "").Trim(' ', ':', '—', '-').Length < 10)
                {
                    problems.Add($"{row}: 'not built' without its reason");
                }

                var paths = Quoted().Matches(row.Implemented).Select(m => m.Groups[1].Value).Where(t => t.Contains('/')).ToList();
                if (!notBuilt && paths.Count == 0)
                {
                    problems.Add($"{row}: names no file where it is built (and does not say 'not built')");
                }

                problems.AddRange(paths.Where(p => !File.Exists(Path.Combine(root, p)) && !Directory.Exists(Path.Combine(root, p)))
                    .Select(p => $"{row}: no file {p}"));

                if (row.Test == "not built")
                {
                    if (!notBuilt)
                    {
                        problems.Add($"{row}: built but names no test");
                    }

                    continue;
                }

                if (Pending().Match(row.Test) is { Success: true } pending)
                {
                    if (pending.Groups[1].Value is not ("1" or "2" or "3" or "4" or "5" or "6" or "7"))
                    {
                        problems.Add($"{row}: there is no correction {pending.Groups[1].Value} (the corrections under way are 1–7)");
                    }

                    continue;
                }

                var names = Quoted().Matches(row.Test).Select(m => m.Groups[1].Value).ToList();
                if (names.Count == 0)
                {
                    problems.Add($"{row}: names no test");
                }

                problems.AddRange(names.Where(n => !tests.Has(n)).Select(n => $"{row}: no test {n} in tests/"));
            }

            return problems;
        }

        [GeneratedRegex(@"^\|\s*00[0-4]\s*\|")]
        private static partial Regex SeedRow();

        [GeneratedRegex("`([^`]+)`")]
        private static partial Regex Quoted();

        [GeneratedRegex(@"^pending: correction (\d+)$")]
        private static partial Regex Pending();
    }

    /// <summary>The test sources (never the build output): which classes they declare, and each class file's text.</summary>
    private sealed partial class TestSources
    {
        private readonly Dictionary<string, List<string>> _classes = new(StringComparer.Ordinal);

        public static TestSources Load(string testsFolder)
        {
            var sources = new TestSources();
            var separator = Path.DirectorySeparatorChar;
            foreach (var file in Directory.EnumerateFiles(testsFolder, "*.cs", SearchOption.AllDirectories)
                         .Where(f => !f.Contains($"{separator}bin{separator}") && !f.Contains($"{separator}obj{separator}")))
            {
                var text = File.ReadAllText(file);
                foreach (Match m in ClassDeclaration().Matches(text))
                {
                    if (!sources._classes.TryGetValue(m.Groups[1].Value, out var texts))
                    {
                        sources._classes[m.Groups[1].Value] = texts = [];
                    }

                    texts.Add(text);
                }
            }

            return sources;
        }

        /// <summary>A class (<c>Name</c>) or a method of one (<c>Name.Method</c>) declared in the test sources.</summary>
        public bool Has(string name)
        {
            var dot = name.IndexOf('.');
            var type = dot < 0 ? name : name[..dot];
            if (!_classes.TryGetValue(type, out var texts))
            {
                return false;
            }

            return dot < 0 || texts.Any(t => Regex.IsMatch(t, $@"\b(?:void|Task)\s+{Regex.Escape(name[(dot + 1)..])}\s*\("));
        }

        [GeneratedRegex(@"\b(?:class|record)\s+([A-Za-z_][A-Za-z0-9_]*)")]
        private static partial Regex ClassDeclaration();
    }
}
