// Texts compiled into the program (cmake/Embed.cmake): the default study spec, the plotting
// and report scripts the study runs (the program version is generated/Version.h).
#pragma once

namespace sttvp::embedded {

extern const char study_default_spec[];  // configs/study/default.json
extern const char plot_study_py[];       // scripts/plot_study.py
extern const char plot_campaign_py[];    // scripts/plot_campaign.py
extern const char plot_style_py[];       // scripts/plot_style.py
extern const char report_html_py[];      // scripts/report_html.py

}  // namespace sttvp::embedded
