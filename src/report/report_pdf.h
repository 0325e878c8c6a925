// The report (report.h) as a PDF, drawn with cairo on A4 pages: the same values as the HTML
// page, laid out for print (`unknot report --out FILE.pdf`).
#pragma once

#include <string>

#include "core/result.h"
#include "report/report.h"

namespace unknot::report {

// Writes `path`; kFailure when cairo cannot create or finish the file.
Status write_report_pdf(const Report& report, const std::string& path);

}  // namespace unknot::report
