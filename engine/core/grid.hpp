// The lattice agents live on: W×H cells, torus or bounded, optionally geo-referenced.
//
// Cells are numbered row-major, `cell = y * width + x`, row 0 first. With a geo-reference,
// row 0 is the southern-most row and column 0 the western-most column; cell centres lie on
// a regular lon/lat lattice.
#pragma once

#include <Eigen/Core>

#include <algorithm>

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace sahelsim {

enum class Topology : std::uint8_t { torus, bounded };

enum class NeighbourhoodKind : std::uint8_t {
  moore,        // Chebyshev distance: max(|dx|, |dy|) <= r
  von_neumann,  // Manhattan distance: |dx| + |dy| <= r
  euclidean,    // dx² + dy² <= r²
};

[[nodiscard]] std::string_view to_string(NeighbourhoodKind kind);
[[nodiscard]] std::string_view to_string(Topology topology);

struct Offset {
  int dx;
  int dy;
  friend bool operator==(const Offset&, const Offset&) = default;
};

// The cells of one row that a neighbourhood covers: dx in [-half_width, half_width] at dy.
struct RowSpan {
  int dy;
  int half_width;
};

// The sites within a (possibly fractional) radius of a centre, the centre excluded.
// Every kind offered here is convex along rows, so it is also a list of row spans: this
// lets counts over a neighbourhood be read from per-row prefix sums in O(radius).
class Neighbourhood {
 public:
  Neighbourhood(NeighbourhoodKind kind, double radius);

  [[nodiscard]] NeighbourhoodKind kind() const { return kind_; }
  [[nodiscard]] double radius() const { return radius_; }
  // Largest |dx| or |dy| of any member: the reach a grid must accommodate.
  [[nodiscard]] int reach() const { return reach_; }
  // Offsets in row-major order (dy, then dx ascending), centre excluded.
  [[nodiscard]] const std::vector<Offset>& offsets() const { return offsets_; }
  // Row spans, dy ascending; the span at dy = 0 includes the centre.
  [[nodiscard]] const std::vector<RowSpan>& rows() const { return rows_; }
  [[nodiscard]] std::size_t size() const { return offsets_.size(); }

 private:
  NeighbourhoodKind kind_;
  double radius_;
  int reach_ = 0;
  std::vector<Offset> offsets_;
  std::vector<RowSpan> rows_;
};

// Lon/lat of cell centres on a regular lattice (WGS84 degrees).
struct GeoReference {
  double west = 0.0;   // longitude of the western edge of column 0
  double south = 0.0;  // latitude of the southern edge of row 0
  double cell_deg = 1.0;
};

class Grid {
 public:
  Grid(int width, int height, Topology topology, std::optional<GeoReference> geo = std::nullopt);

  [[nodiscard]] int width() const { return width_; }
  [[nodiscard]] int height() const { return height_; }
  [[nodiscard]] std::int32_t cells() const { return width_ * height_; }
  [[nodiscard]] Topology topology() const { return topology_; }
  [[nodiscard]] const std::optional<GeoReference>& geo() const { return geo_; }

  [[nodiscard]] std::int32_t cell(int x, int y) const { return y * width_ + x; }
  [[nodiscard]] int x_of(std::int32_t cell) const { return cell % width_; }
  [[nodiscard]] int y_of(std::int32_t cell) const { return cell / width_; }

  // The cell at (x + dx, y + dy): wrapped on a torus; -1 off the edge of a bounded grid.
  [[nodiscard]] std::int32_t neighbour(std::int32_t cell, Offset offset) const;

  // Calls fn(neighbour_cell) for each member of the neighbourhood around `cell`, in the
  // neighbourhood's row-major order; members off a bounded grid are skipped. Requires
  // fits(neighbourhood).
  template <class Fn>
  void visit(std::int32_t cell, const Neighbourhood& neighbourhood, Fn&& fn) const {
    const int x = x_of(cell);
    const int y = y_of(cell);
    const bool torus = topology_ == Topology::torus;
    for (const Offset& o : neighbourhood.offsets()) {
      int xx = x + o.dx;
      int yy = y + o.dy;
      if (xx < 0 || xx >= width_) {
        if (!torus) continue;
        xx += xx < 0 ? width_ : -width_;
      }
      if (yy < 0 || yy >= height_) {
        if (!torus) continue;
        yy += yy < 0 ? height_ : -height_;
      }
      fn(yy * width_ + xx);
    }
  }

  // Calls fn(first, last) for contiguous runs of cells [first, last) of one row that together
  // make up the neighbourhood around `cell`, centre included, rows in ascending dy. A row
  // span that wraps round a torus edge comes as two runs. Scanning runs of memory is much
  // faster than visiting offsets one by one. Requires fits(neighbourhood).
  template <class Fn>
  void for_each_run(std::int32_t cell, const Neighbourhood& neighbourhood, Fn&& fn) const {
    const int x = x_of(cell);
    const int y = y_of(cell);
    const bool torus = topology_ == Topology::torus;
    for (const RowSpan& span : neighbourhood.rows()) {
      int yy = y + span.dy;
      if (yy < 0 || yy >= height_) {
        if (!torus) continue;
        yy += yy < 0 ? height_ : -height_;
      }
      const std::int32_t row = yy * width_;
      int x0 = x - span.half_width;
      int x1 = x + span.half_width + 1;  // exclusive
      if (!torus) {
        x0 = std::max(x0, 0);
        x1 = std::min(x1, width_);
        fn(row + x0, row + x1);
      } else if (x0 < 0) {
        fn(row + x0 + width_, row + width_);
        fn(row, row + x1);
      } else if (x1 > width_) {
        fn(row + x0, row + width_);
        fn(row, row + x1 - width_);
      } else {
        fn(row + x0, row + x1);
      }
    }
  }

  // True when a neighbourhood of this reach never meets the same cell twice (on a torus
  // this needs 2 * reach + 1 <= width and height).
  [[nodiscard]] bool fits(const Neighbourhood& neighbourhood) const;

  // Coordinates of cell centres: longitudes by column and latitudes by row with a
  // geo-reference, column and row indices without.
  [[nodiscard]] Eigen::ArrayXd x_coordinates() const;
  [[nodiscard]] Eigen::ArrayXd y_coordinates() const;

 private:
  int width_;
  int height_;
  Topology topology_;
  std::optional<GeoReference> geo_;
};

}  // namespace sahelsim
