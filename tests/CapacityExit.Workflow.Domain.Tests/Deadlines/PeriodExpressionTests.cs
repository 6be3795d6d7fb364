using CapacityExit.Workflow.Domain.Deadlines;

namespace CapacityExit.Workflow.Domain.Tests.Deadlines;

public sealed class PeriodExpressionTests
{
    [Theory]
    [InlineData("P6M", "P6M")]
    [InlineData("P1Y", "P1Y")]
    [InlineData("P10D", "P10D")]
    [InlineData("P5WD", "P5WD")]
    [InlineData("p5wd", "P5WD")]
    [InlineData(" P6M + P3M ", "P6M+P3M")]
    public void Parses_to_the_canonical_form(string text, string canonical)
    {
        var period = PeriodExpression.Parse(text);
        Assert.Equal(canonical, period.ToString());
        Assert.Equal(canonical, PeriodExpression.Parse(period.ToString()).ToString());
    }

    [Fact]
    public void A_chain_keeps_its_components_in_order()
    {
        var period = PeriodExpression.Parse("P6M+P3M+P5WD");
        Assert.Equal(
            [new PeriodComponent(6, PeriodUnit.Months), new PeriodComponent(3, PeriodUnit.Months), new PeriodComponent(5, PeriodUnit.WorkingDays)],
            period.Components);
        Assert.Equal("6个月，再加3个月，再加5个工作日", period.ToZh());
    }

    [Theory]
    [InlineData("", 1, "empty")]
    [InlineData("6M", 1, "expected 'P'")]
    [InlineData("P", 2, "expected a number")]
    [InlineData("PM", 2, "expected a number")]
    [InlineData("P-6M", 2, "expected a number")]
    [InlineData("P6", 3, "missing unit")]
    [InlineData("P6X", 3, "unknown unit 'X'")]
    [InlineData("P1Y6M", 4, "one unit per component")]
    [InlineData("P6M+", 5, "nothing after '+'")]
    [InlineData("P6M-P3M", 4, "joined with '+'")]
    [InlineData("P0D", 2, "0 is not a period")]
    [InlineData("P99999999999M", 2, "too large")]
    [InlineData("P1300M", 2, "too large")]
    public void Errors_give_the_text_the_position_and_why(string text, int position, string why)
    {
        var error = Assert.Throws<PeriodFormatException>(() => PeriodExpression.Parse(text));

        Assert.Equal(position, error.Position);
        Assert.Equal(text, error.Text);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Contains($"\"{text}\" at position {position}", error.Message, StringComparison.Ordinal);
    }
}
