#include "grid.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>

namespace sahelsim {

std::string_view to_string(NeighbourhoodKind kind) {
  switch (kind) {
    case NeighbourhoodKind::moore:
      return "moore";
    case NeighbourhoodKind::von_neumann:
      return "von_neumann";
    case NeighbourhoodKind::euclidean:
      return "euclidean";
  }
  return "?";
}

std::string_view to_string(Topology topology) {
  return topology == Topology::torus ? "torus" : "bounded";
}

namespace {
// Integer part of the radius for the lattice metrics: Moore and von Neumann radius 1.7
// reach one cell. The scenario's value is taken literally (no tolerance).
int integer_reach(double radius) {
  return static_cast<int>(std::floor(radius));
}

bool member(NeighbourhoodKind kind, double radius, int dx, int dy) {
  switch (kind) {
    case NeighbourhoodKind::moore:
      return std::max(std::abs(dx), std::abs(dy)) <= integer_reach(radius);
    case NeighbourhoodKind::von_neumann:
      return std::abs(dx) + std::abs(dy) <= integer_reach(radius);
    case NeighbourhoodKind::euclidean:
      // Exact in double for any radius a grid can hold: dx² + dy² is a small integer.
      return static_cast<double>(dx * dx + dy * dy) <= radius * radius;
  }
  return false;
}
}  // namespace

Neighbourhood::Neighbourhood(NeighbourhoodKind kind, double radius) : kind_(kind), radius_(radius) {
  if (!(radius >= 0.0) || radius > 1.0e4) throw std::invalid_argument("neighbourhood radius");
  const int r = integer_reach(radius);
  for (int dy = -r; dy <= r; ++dy) {
    int half = -1;
    for (int dx = -r; dx <= r; ++dx) {
      if (!member(kind, radius, dx, dy)) continue;
      half = std::max(half, std::abs(dx));
      if (dx != 0 || dy != 0) offsets_.push_back({dx, dy});
    }
    if (half >= 0) {
      rows_.push_back({dy, half});
      reach_ = std::max({reach_, half, std::abs(dy)});
    }
  }
}

Grid::Grid(int width, int height, Topology topology, std::optional<GeoReference> geo)
    : width_(width), height_(height), topology_(topology), geo_(geo) {
  if (width <= 0 || height <= 0) throw std::invalid_argument("grid size must be positive");
  if (static_cast<long long>(width) * height > std::numeric_limits<std::int32_t>::max()) {
    throw std::invalid_argument("grid has more cells than a 32-bit index holds");
  }
}

std::int32_t Grid::neighbour(std::int32_t cell, Offset offset) const {
  int x = x_of(cell) + offset.dx;
  int y = y_of(cell) + offset.dy;
  if (topology_ == Topology::torus) {
    x = ((x % width_) + width_) % width_;
    y = ((y % height_) + height_) % height_;
  } else if (x < 0 || x >= width_ || y < 0 || y >= height_) {
    return -1;
  }
  return this->cell(x, y);
}

bool Grid::fits(const Neighbourhood& neighbourhood) const {
  if (topology_ == Topology::bounded) return true;
  const int span = 2 * neighbourhood.reach() + 1;
  return span <= width_ && span <= height_;
}

Eigen::ArrayXd Grid::x_coordinates() const {
  Eigen::ArrayXd out(width_);
  for (int x = 0; x < width_; ++x) {
    out[x] = geo_ ? geo_->west + (x + 0.5) * geo_->cell_deg : static_cast<double>(x);
  }
  return out;
}

Eigen::ArrayXd Grid::y_coordinates() const {
  Eigen::ArrayXd out(height_);
  for (int y = 0; y < height_; ++y) {
    out[y] = geo_ ? geo_->south + (y + 0.5) * geo_->cell_deg : static_cast<double>(y);
  }
  return out;
}

}  // namespace sahelsim
