using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Personalization.Console.Components.Shared;
using Personalization.Console.Engine;

namespace Personalization.Console.Tests;

/// <summary>The console's own components rendered alone with bUnit.</summary>
public sealed class ComponentTests : BunitContext, IAsyncLifetime
{
    public ComponentTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services dispose only asynchronously.
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    [Fact]
    public void The_rule_error_is_shown_under_its_line_with_a_caret_at_its_column()
    {
        var rule = "count(purchase, 30d) >= 1\nand country in [\"CZ\" \"SK\"]";
        var view = Render<RuleErrorView>(p => p
            .Add(c => c.Rule, rule)
            .Add(c => c.Error, new RuleError("line 2, column 22: expected ',' or ']' but found '\"SK\"'", 2, 22)));

        var lines = view.Find("pre").TextContent.Split('\n');
        Assert.Equal("and country in [\"CZ\" \"SK\"]", lines[0]);
        Assert.Equal(new string(' ', 21) + "^", lines[1]);
        Assert.Equal('"', lines[0][21]);
        Assert.Contains("expected ',' or ']'", view.Markup);
    }

    [Fact]
    public void The_highlighted_rule_marks_functions_keywords_strings_and_numbers_and_keeps_the_text()
    {
        const string rule = "count(purchase, 30d) >= 2 and country in [\"CZ\"]";
        var view = Render<RuleHighlight>(p => p.Add(c => c.Rule, rule));

        Assert.Equal(rule, view.Find("pre").TextContent);
        Assert.Equal("count", view.Find(".tok-function").TextContent);
        Assert.Equal(["and", "in"], view.FindAll(".tok-keyword").Select(e => e.TextContent));
        Assert.Equal("\"CZ\"", view.Find(".tok-string").TextContent);
        Assert.Equal(["30d", "2"], view.FindAll(".tok-number").Select(e => e.TextContent));
    }

    [Fact]
    public void The_sparkline_scales_both_series_to_the_larger_peak_and_labels_the_totals()
    {
        var view = Render<Sparkline>(p => p
            .Add(c => c.Entries, [0, 2, 4])
            .Add(c => c.Exits, [1, 0, 0]));

        var lines = view.FindAll("polyline");
        Assert.Equal("1,23 42,12 83,1", lines[0].GetAttribute("points"));
        Assert.Equal("1,17.5 42,23 83,23", lines[1].GetAttribute("points"));
        Assert.Equal("Last 3 days: 6 entries, 1 exits", view.Find("svg").GetAttribute("aria-label"));
    }

    [Fact]
    public void The_visual_builder_writes_its_conditions_as_rule_text()
    {
        string? written = null;
        var view = Render<RuleBuilder>(p => p.Add(c => c.RuleChanged, (string rule) => written = rule));
        view.Find(".mud-expand-panel-header").Click();
        view.Find("input[data-testid=builder-subject], [data-testid=builder-subject] input").Change("age");
        view.Find("input[data-testid=builder-value], [data-testid=builder-value] input").Change("30");
        view.FindAll("button").Single(b => b.TextContent.Contains("Add condition")).Click();
        view.FindAll("input[data-testid=builder-subject], [data-testid=builder-subject] input")[1].Change("country");
        view.FindAll("input[data-testid=builder-value], [data-testid=builder-value] input")[1].Change("CZ");

        view.FindAll("button").Single(b => b.TextContent.Contains("Write rule")).Click();

        // MudBlazor's click handler is asynchronous: the rule arrives once it has run.
        view.WaitForAssertion(() => Assert.Equal("age >= 30 and country >= \"CZ\"", written), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void The_visual_builder_reads_back_a_rule_it_can_express_and_writes_it_unchanged()
    {
        const string rule = "country == \"CZ\" or count(purchase, 30d) >= 2";
        string? written = null;
        var view = Render<RuleBuilder>(p => p.Add(c => c.Rule, rule).Add(c => c.RuleChanged, (string text) => written = text));
        view.Find(".mud-expand-panel-header").Click();

        var subjects = view.FindAll("input[data-testid=builder-subject], [data-testid=builder-subject] input").Select(i => i.GetAttribute("value"));
        Assert.Equal(["country", "purchase"], subjects);
        Assert.Empty(view.FindAll("[data-testid=builder-unreadable]"));
        view.FindAll("button").Single(b => b.TextContent.Contains("Write rule")).Click();
        view.WaitForAssertion(() => Assert.Equal(rule, written), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void The_visual_builder_says_when_it_cannot_show_a_rule()
    {
        var view = Render<RuleBuilder>(p => p.Add(c => c.Rule, "age >= 30 and (country == \"CZ\" or country == \"SK\")"));
        view.Find(".mud-expand-panel-header").Click();

        Assert.Contains("Cannot show this rule in the builder", view.Find("[data-testid=builder-unreadable]").TextContent);
    }
}
