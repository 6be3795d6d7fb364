using System.Collections;
using Fluid;
using Fluid.Values;

namespace CapacityExit.Workflow.Core.Templates;

/// <summary>
/// A map whose missing keys read as nil instead of failing: for the engine's free-form message data, which
/// differs per message. Every other map in a model is strict, so a misspelt variable fails at start-up.
/// </summary>
public sealed class OpenMap(IDictionary<string, object?> values) : Dictionary<string, object?>(values, StringComparer.Ordinal);

/// <summary>A model (<see cref="MailModel.ToLiquid"/>) as Fluid values: maps strict unless open, lists as arrays.</summary>
internal static class TemplateValues
{
    public static TemplateContext Context(IReadOnlyDictionary<string, object?> model)
    {
        var context = new TemplateContext(TemplateLanguage.Options, StringComparer.Ordinal);
        foreach (var (name, value) in model)
        {
            context.SetValue(name, Convert(name, value));
        }

        return context;
    }

    private static FluidValue Convert(string name, object? value) => value switch
    {
        null => NilValue.Instance,
        OpenMap open => new DictionaryValue(new FluidValueDictionaryFluidIndexable(
            open.ToDictionary(kv => kv.Key, kv => Convert($"{name}.{kv.Key}", kv.Value), StringComparer.Ordinal))),
        IReadOnlyDictionary<string, object?> map => new StrictMapValue(name, map.ToDictionary(kv => kv.Key, kv => Convert($"{name}.{kv.Key}", kv.Value), StringComparer.Ordinal)),
        string s => StringValue.Create(s),
        IEnumerable list => new ArrayValue(list.Cast<object?>().Select(item => Convert(name, item)).ToArray()),
        _ => FluidValue.Create(value, TemplateLanguage.Options),
    };
}

/// <summary>A map of the model whose missing member is an error naming it, not a silent nil.</summary>
internal sealed class StrictMapValue(string name, IReadOnlyDictionary<string, FluidValue> members) : FluidValue
{
    public override FluidValues Type => FluidValues.Dictionary;

    public override ValueTask<FluidValue> GetValueAsync(string member, TemplateContext context) =>
        members.TryGetValue(member, out var value)
            ? ValueTask.FromResult(value)
            : throw new TemplateRenderException($"'{name}' has no '{member}' (in '{name}.{member}')", inner => inner.Contains($"{name}.{member}", StringComparison.Ordinal));

    public override ValueTask<FluidValue> GetIndexAsync(FluidValue index, TemplateContext context) => GetValueAsync(index.ToStringValue(), context);

    public override bool Equals(FluidValue other) => ReferenceEquals(this, other);

    public override bool ToBooleanValue() => true;

    public override decimal ToNumberValue() => 0;

    public override string ToStringValue() => "";

    public override object ToObjectValue() => members.ToDictionary(kv => kv.Key, kv => kv.Value.ToObjectValue());

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}
