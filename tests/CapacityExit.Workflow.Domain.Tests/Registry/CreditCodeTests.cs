using CapacityExit.Workflow.Domain.Registry;

namespace CapacityExit.Workflow.Domain.Tests.Registry;

public sealed class CreditCodeTests
{
    [Theory]
    [InlineData("91350100M000100Y43")] // the example printed in GB 32100-2015
    [InlineData("91110000600037341L")]
    public void Published_codes_are_valid(string code) => Assert.Null(CreditCode.Validate(code));

    [Fact]
    public void The_check_character_of_the_standards_example_is_3() =>
        Assert.Equal('3', CreditCode.CheckCharacter("91350100M000100Y4"));

    [Fact]
    public void A_wrong_check_character_names_the_right_one()
    {
        var error = CreditCode.Validate("91350100M000100Y44");

        Assert.NotNull(error);
        Assert.Equal("creditCode", error.Field);
        Assert.Equal("校验码错误：第18位应为“3”，实际为“4”", error.MessageZh);
    }

    [Theory]
    [InlineData("91350100M000100Y4", "应为18位，实际为17位")]
    [InlineData("91350100M000100Y433", "应为18位，实际为19位")]
    [InlineData("91350100M0001I0Y43", "第14位字符“I”")]
    [InlineData("91350100m000100Y43", "第9位字符“m”")]
    [InlineData("9135A100M000100Y43", "第5位为“A”")]
    [InlineData("", "不能为空")]
    public void Malformed_codes_say_where_and_why(string code, string expected)
    {
        var error = CreditCode.Validate(code);

        Assert.NotNull(error);
        Assert.Contains(expected, error.MessageZh);
    }

    [Fact]
    public void Completing_17_characters_gives_a_valid_code_and_every_single_character_change_to_the_check_is_caught()
    {
        var code = CreditCode.Complete("91431021MA0000001");

        Assert.Null(CreditCode.Validate(code));
        foreach (var other in "0123456789ABCDEFGHJKLMNPQRTUWXY".Where(c => c != code[17]))
        {
            Assert.NotNull(CreditCode.Validate(code[..17] + other));
        }
    }
}
