using Personalization.Rules.Forecasts;

namespace Personalization.Rules.Tests.Forecasts;

public sealed class GaussianHypergeometricTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.99)]
    public void One_one_two_is_minus_log_of_one_minus_z_over_z(double z)
    {
        var expected = z == 0 ? 1 : -Math.Log(1 - z) / z;

        Assert.Equal(expected, GaussianHypergeometric.Evaluate(1, 1, 2, z), 1e-12);
    }

    [Theory]
    [InlineData(0.243, 0.3)]
    [InlineData(2.5, 0.7)]
    [InlineData(12.0, 0.95)]
    public void With_b_equal_to_c_it_is_the_binomial_series(double a, double z)
    {
        var expected = Math.Pow(1 - z, -a);

        Assert.Equal(1, GaussianHypergeometric.Evaluate(a, 3.2, 3.2, z) / expected, 1e-12);
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.6)]
    [InlineData(0.95)]
    public void Half_half_three_halves_of_z_squared_is_arcsine_over_z(double z)
    {
        Assert.Equal(Math.Asin(z) / z, GaussianHypergeometric.Evaluate(0.5, 0.5, 1.5, z * z), 1e-12);
    }

    [Fact]
    public void A_negative_integer_a_ends_the_series_as_a_polynomial()
    {
        // 2F1(-2, b; c; z) = 1 - 2bz/c + b(b+1)z^2/(c(c+1)).
        const double b = 1.7, c = 2.3, z = 0.8;
        var expected = 1 - (2 * b * z / c) + (b * (b + 1) * z * z / (c * (c + 1)));

        Assert.Equal(expected, GaussianHypergeometric.Evaluate(-2, b, c, z), 1e-14);
    }

    [Fact]
    public void Large_parameters_whose_first_terms_grow_are_summed_to_the_end()
    {
        // 2F1(a, b; b; z) again, with terms that grow for about a hundred steps before they shrink.
        Assert.Equal(1, GaussianHypergeometric.Evaluate(200, 50, 50, 0.5) / Math.Pow(0.5, -200), 1e-10);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Arguments_outside_the_unit_interval_are_refused(double z)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussianHypergeometric.Evaluate(1, 1, 2, z));
    }

    [Fact]
    public void A_non_positive_integer_c_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussianHypergeometric.Evaluate(1, 1, -1, 0.5));
    }
}
