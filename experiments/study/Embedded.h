// Texts compiled into the program (cmake/Embed.cmake): the default study spec, the plotting
// scripts the study runs (the program version is generated/Version.h).
#pragma once

namespace sttvp::embedded {

extern const char study_default_spec[];  // configs/study/default.json
extern const char plot_study_py[];       // scripts/plot_study.py
extern const char plot_campaign_py[];    // scripts/plot_campaign.py

}  // namespace sttvp::embedded
