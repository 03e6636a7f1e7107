// Texts compiled into the program (cmake/Embed.cmake): the default study spec, the plotting
// scripts the study runs, and the program version.
#pragma once

namespace sttvp::embedded {

extern const char study_default_spec[];  // configs/study/default.json
extern const char plot_study_py[];       // scripts/plot_study.py
extern const char plot_campaign_py[];    // scripts/plot_campaign.py
extern const char version[];             // "0.1.0 (git <describe>)"

}  // namespace sttvp::embedded
