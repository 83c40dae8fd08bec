/* Built with -march=rv64imafdc: an image the loader must refuse, because the
 * system saves no floating-point state. */

double isa_scale(double x);

double isa_scale(double x)
{
    return x * 1.5;
}
