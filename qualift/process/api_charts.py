"""REST API: the chart/analysis and limit-freezing actions of /api/v1/parameters/{id}/.

`ParameterChartActions` is mixed into the parameter viewset (api_map.py)."""


class ParameterChartActions:
    """Actions added to ParameterViewSet: chart (analysis), freeze-limits."""
